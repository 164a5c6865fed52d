// GeoReport answers in JSON or XML. The XML mirrors the JSON by the spec's Spark convention:
// an array becomes a wrapper element holding one element per item (services/service,
// service_requests/request, ...); null becomes an empty element.

export type Format = 'json' | 'xml';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Element name of one item inside each array-valued field. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

function element(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined || value === '') return `${indent}<${name}/>\n`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    if (!value.length) return `${indent}<${name}/>\n`;
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('')}${indent}</${name}>\n`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v, `${indent}  `)).join('');
    return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>${escape(String(value))}</${name}>\n`;
}

/** An XML document whose root is `root` (an array root wraps one element per item). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}`;
}

export const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

export function render(format: Format, root: string, value: unknown): string {
  return format === 'json' ? JSON.stringify(value) : toXml(root, value);
}
