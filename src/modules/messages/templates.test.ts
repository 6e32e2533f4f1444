import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickLocale, placeholdersIn, renderEmail, type EmailTemplate } from './templates.js';

const TEMPLATE: EmailTemplate = {
  fallbackLocale: 'en',
  locales: {
    en: { subject: 'Welcome, {{name}}!', body: 'Hello {{name}},\n\nsee {{unsubscribeUrl}}' },
    de: { subject: 'Willkommen, {{ name }}!', body: 'Hallo {{name}}' },
    'pt-BR': { subject: 'Olá {{name}}', body: 'Oi' },
  },
};
const VALUES = { name: 'Eve', email: 'eve@example.com', journey: 'Welcome', unsubscribeUrl: 'https://x.test/u/abc' };

describe('pickLocale', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE', 'de'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', 'en'],
    ['fr', 'en'],
    [null, 'en'],
  ])('%s → %s', (locale, expected) => {
    expect(pickLocale(TEMPLATE, locale)).toBe(expected);
  });
});

describe('renderEmail', () => {
  it('fills placeholders in the member’s locale, with or without spaces inside the braces', () => {
    const email = renderEmail(TEMPLATE, 'de-CH', VALUES);
    expect(email).toMatchObject({ locale: 'de', subject: 'Willkommen, Eve!', text: 'Hallo Eve' });
  });

  it('splits paragraphs and keeps line breaks in the HTML part', () => {
    expect(renderEmail(TEMPLATE, 'en', VALUES).html).toContain('<p>Hello Eve,</p>\n<p>see https://x.test/u/abc</p>');
  });

  it.each([
    ['<b>Eve</b>', '&#60;b&#62;Eve&#60;/b&#62;'],
    ['Tom & "Jerry"', 'Tom &#38; &#34;Jerry&#34;'],
    ["O'Brien", 'O&#39;Brien'],
  ])('escapes %s in the HTML part but not in the text part', (name, escaped) => {
    const email = renderEmail(TEMPLATE, 'en', { ...VALUES, name });
    expect(email.html).toContain(`Hello ${escaped},`);
    expect(email.text).toContain(`Hello ${name},`);
  });

  it('escapes markup written into the template itself', () => {
    const email = renderEmail({ fallbackLocale: 'en', locales: { en: { subject: 's', body: '<script>x</script> {{name}}' } } }, 'en', VALUES);
    expect(email.html).not.toContain('<script>');
  });

  it('keeps the subject on one line whatever the value holds', () => {
    expect(renderEmail(TEMPLATE, 'en', { ...VALUES, name: 'Eve\r\nBcc: all@example.com' }).subject).toBe('Welcome, Eve Bcc: all@example.com!');
  });

  it('never lets a value open a tag in the HTML part (property)', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const html = renderEmail(TEMPLATE, 'en', { ...VALUES, name }).html;
        const body = html.slice(html.indexOf('<body>') + 6, html.indexOf('</body>'));
        expect(body.replace(/<\/?(p|br)>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('placeholdersIn', () => {
  it.each([
    ['no placeholders', []],
    ['{{name}} and {{ name }}', ['name']],
    ['{{name}} {{couponCode}}', ['name', 'couponCode']],
    ['{{ not closed', []],
  ])('%s', (text, expected) => {
    expect(placeholdersIn(text)).toEqual(expected);
  });
});
