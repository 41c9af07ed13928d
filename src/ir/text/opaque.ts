// TypeProto.Opaque is carried in the IR as its encoded bytes; the text form is `opaque(domain, name)`.
// The message has two string fields (domain = 1, name = 2), small enough to code by hand here.

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

export interface OpaqueName {
  readonly domain: string;
  readonly name: string;
}

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let i = at;
  while (i < bytes.length) {
    const b = bytes[i++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  return [value, i];
}

export function decodeOpaque(bytes: Uint8Array): OpaqueName {
  let domain = '';
  let name = '';
  let i = 0;
  while (i < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, i);
    if ((tag & 7) !== 2) break; // not a length-delimited field: nothing more we can read
    const [length, start] = readVarint(bytes, afterTag);
    const text = utf8Decoder.decode(bytes.subarray(start, start + length));
    if (tag >>> 3 === 1) domain = text;
    if (tag >>> 3 === 2) name = text;
    i = start + length;
  }
  return { domain, name };
}

function writeField(out: number[], field: number, text: string): void {
  if (!text) return;
  const bytes = utf8Encoder.encode(text);
  out.push((field << 3) | 2);
  let n = bytes.length;
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n, ...bytes);
}

export function encodeOpaque(o: OpaqueName): Uint8Array {
  const out: number[] = [];
  writeField(out, 1, o.domain);
  writeField(out, 2, o.name);
  return Uint8Array.from(out);
}
