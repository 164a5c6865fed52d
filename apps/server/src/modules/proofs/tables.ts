// Kysely types of the proof tables (migrations/0006_imports_proofs.sql), added to the shared Schema.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface ProofIssuersTable {
  districtId: string;
  id: string;
  kind: 'organisation' | 'area';
  orgId: string | null;
  areaId: string | null;
  areaPath: string | null;
  name: string;
  claimTypes: string[];
  createdAt: Generated<Date>;
  revokedAt: Date | null;
}

export interface SigningKeysTable {
  districtId: string;
  id: string;
  owner: string;
  publicKey: Buffer;
  privateSealed: Buffer;
  createdAt: Generated<Date>;
  retiredAt: Date | null;
}

export interface TransparencyLogsTable {
  districtId: string;
  size: Generated<number>;
}

export interface LogEntriesTable {
  districtId: string;
  idx: number;
  kind: 'proof' | 'revocation';
  proofId: string;
  entry: Buffer;
  leafHash: Buffer;
  createdAt: Generated<Date>;
}

export interface LogNodesTable {
  districtId: string;
  level: number;
  idx: number;
  hash: Buffer;
}

export interface TreeHeadsTable {
  districtId: string;
  treeSize: number;
  timestamp: number;
  rootHash: Buffer;
  keyId: string;
  signature: Buffer;
}

export interface ProofsTable {
  districtId: string;
  id: string;
  issuerId: string;
  subjectType: 'person' | 'household' | 'area';
  subjectId: string;
  areaPath: string;
  claimType: string;
  claim: Json<Record<string, unknown>>;
  issuedAt: Timestamp;
  validUntil: string | null;
  leafIndex: number;
  issuedBy: string | null;
  revokedAt: Date | null;
  revocationIndex: number | null;
  revocationReason: string | null;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    proofIssuers: ProofIssuersTable;
    signingKeys: SigningKeysTable;
    transparencyLogs: TransparencyLogsTable;
    logEntries: LogEntriesTable;
    logNodes: LogNodesTable;
    treeHeads: TreeHeadsTable;
    proofs: ProofsTable;
  }
}
