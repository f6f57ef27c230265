/** `text`: fills a handlebars template (.md.hbs, .txt.hbs, .html.hbs) and writes the text. */
import { documentStep } from './document.js';

export const textStep = documentStep({
  kind: 'text',
  description: 'Fill a text template (handlebars: .md.hbs, .txt.hbs, .html.hbs) with the case',
  extensions: ['.hbs'],
  renderer: async () => {
    const { renderText } = await import('../render/text.js');
    return (file, template, data) => renderText(file, template.toString('utf8'), data);
  },
});
