// Ed25519 signing keys for the transparency log and for issuers. Private keys are stored sealed
// with AES-256-GCM under a master key that never enters the database: by default 32 random bytes
// generated once into <dataDir>/keys/proofs-master.key (mode 0600). An operator who keeps the key
// elsewhere (a secrets manager, a mounted volume) places the same 32 bytes, base64-encoded, in
// that file; every server instance of a district must see the same file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KeyPair {
  keyId: string;
  publicKey: Buffer; // raw 32 bytes
  privateKey: crypto.KeyObject;
}

/** The master key for a data directory: read it, or create it once (safe against a concurrent creator). */
export function loadMasterKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'keys', 'proofs-master.key');
  const read = () => {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file}: expected 32 base64-encoded bytes`);
    return key;
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  try {
    fs.linkSync(tmp, file); // atomic: fails if another process created it first
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return read();
}

export function keyIdOf(publicKey: Uint8Array): string {
  return crypto.createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

export function rawPublicKey(key: crypto.KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}

export function publicKeyFromRaw(raw: Uint8Array): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return { keyId: keyIdOf(raw), publicKey: raw, privateKey };
}

/** iv(12) || tag(16) || AES-256-GCM(PKCS#8 DER), with the key id as associated data. */
export function seal(master: Buffer, pair: KeyPair): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(pair.keyId));
  const body = Buffer.concat([cipher.update(pair.privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unseal(master: Buffer, keyId: string, sealed: Uint8Array): crypto.KeyObject {
  const b = Buffer.from(sealed);
  const decipher = crypto.createDecipheriv('aes-256-gcm', master, b.subarray(0, 12));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(b.subarray(12, 28));
  const der = Buffer.concat([decipher.update(b.subarray(28)), decipher.final()]);
  return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export const sign = (key: crypto.KeyObject, data: Uint8Array) => crypto.sign(null, data, key);
export const verify = (publicKey: Uint8Array | crypto.KeyObject, data: Uint8Array, signature: Uint8Array) =>
  crypto.verify(null, data, publicKey instanceof Uint8Array ? publicKeyFromRaw(publicKey) : publicKey, signature);
