import MarkdownIt from 'markdown-it';

/** Markdown from the server's reports: never raw HTML. */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function renderMarkdown(text: string): string {
  return md.render(text);
}
