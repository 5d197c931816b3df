import sanitizeHtml from 'sanitize-html';

/**
 * An email's HTML made safe to show: an allow-list of tags and attributes, no scripts, no event
 * handlers, no styles that could overlay the app, links opening elsewhere. Remote images are not
 * loaded: their address moves to `data-remote-src` until an agent consents (a remote image tells
 * the sender when and where the mail was read). `cid:` images point at the stored attachment.
 */
export function sanitizeEmailHtml(
  html: string,
  options: { cidUrls: ReadonlyMap<string, string> },
): { html: string; remoteImages: boolean } {
  let remoteImages = false;
  const clean = sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'style'),
      'img',
      'font',
      'center',
      'u',
      's',
      'strike',
      'small',
      'big',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'align', 'cellpadding', 'cellspacing', 'border'],
      font: ['color'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['https', 'http', 'cid'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const { src: _dropped, 'data-remote-src': _forged, ...rest } = attribs;
        if (/^cid:/i.test(src)) {
          const url = options.cidUrls.get(src.slice(4).replace(/^<|>$/g, '').toLowerCase());
          return { tagName, attribs: url ? { ...rest, src: url } : { ...rest, alt: rest.alt ?? 'missing image' } };
        }
        if (/^https?:\/\//i.test(src)) {
          remoteImages = true;
          return { tagName, attribs: { ...rest, 'data-remote-src': src } };
        }
        return { tagName, attribs: rest };
      },
    },
  });
  return { html: clean, remoteImages };
}
