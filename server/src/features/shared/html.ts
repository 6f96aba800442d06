// Text made safe inside HTML or SVG, as element content and as a quoted attribute value.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.codePointAt(0)};`);
}
