export type Part = { name: string; filename?: string; contentType?: string; data: Buffer };

/** Minimal multipart/form-data parser (what jsforce's deployRest sends). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!m) return [];
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: Part[] = [];
  let start = body.indexOf(boundary);
  while (start !== -1) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next === -1) break;
    const chunk = body.subarray(start + boundary.length, next);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      let data = chunk.subarray(headerEnd + 4);
      if (data.subarray(data.length - 2).toString() === '\r\n') data = data.subarray(0, data.length - 2);
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const ct = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      parts.push({ name, filename, contentType: ct, data });
    }
    start = next;
  }
  return parts;
}
