/**
 * What Rapport accepts and how it hands files back. Files come from customers and agents alike,
 * so programs are refused outright and anything that could run in a browser is served as a download.
 */

/** Extensions of files that run when opened; a helpdesk has no reason to pass them on. */
const programExtensions = new Set([
  'exe',
  'msi',
  'bat',
  'cmd',
  'com',
  'scr',
  'pif',
  'cpl',
  'vbs',
  'vbe',
  'js',
  'jse',
  'wsf',
  'wsh',
  'ps1',
  'psm1',
  'jar',
  'apk',
  'app',
  'dmg',
  'pkg',
  'deb',
  'rpm',
  'sh',
  'run',
  'reg',
  'lnk',
  'hta',
]);

const programTypes = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-ms-installer',
  'application/vnd.microsoft.portable-executable',
  'application/x-executable',
  'application/x-sh',
  'application/java-archive',
  'application/vnd.android.package-archive',
]);

/** A name safe to store and to put in a Content-Disposition header. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((character) => character.charCodeAt(0) >= 0x20 && character.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(-255);
  return cleaned.length > 0 && cleaned !== '.' && cleaned !== '..' ? cleaned : 'attachment';
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Why a file is refused, in words for the person who sent it; undefined when it is accepted. */
export function refusalFor(name: string, contentType: string): string | undefined {
  const extension = extensionOf(name);
  if (programExtensions.has(extension) || programTypes.has(contentType.toLowerCase())) {
    return `Program files (.${extension || 'exe'}) can't be attached; zip it or share a link instead.`;
  }
  return undefined;
}

/** Images a browser may show inline, recognised by their first bytes rather than the declared type. */
export function inlineImageType(head: Uint8Array): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && head[8] === 0x57 && head[9] === 0x45 && head[10] === 0x42 && head[11] === 0x50)
    return 'image/webp';
  return undefined;
}

/** Content-Disposition with the name in both the plain and the RFC 5987 form. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
