// A line at the end of an open document that a test types into, with `|` marking the cursor:
// the way an author adds a sentence to a real page and asks for completion.
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { acceptCompletion } from './edits';
import type { OpenDocument, Session } from './session';

export class ScratchLine {
  private line: number | undefined;

  constructor(
    private readonly session: Session,
    readonly document: OpenDocument,
  ) {}

  /** Replaces the scratch line with `text` (without the `|`) and asks for completion at the `|`. */
  async complete(textWithCursor: string): Promise<Completion> {
    const character = textWithCursor.indexOf('|');
    if (character === -1) throw new Error(`no cursor "|" in ${textWithCursor}`);
    const text = textWithCursor.replace('|', '');
    await this.set(text);
    const items = await this.session.complete(this.document, { line: this.line!, character });
    return new Completion(text, items, this.line!);
  }

  async set(text: string): Promise<void> {
    if (this.line === undefined) {
      const lines = this.document.text.split('\n');
      const last = lines.length - 1;
      await this.document.edit({ start: { line: last, character: lines[last].length }, end: { line: last, character: lines[last].length } }, `\n${text}`);
      this.line = last + 1;
      return;
    }
    const current = this.document.line(this.line);
    await this.document.edit({ start: { line: this.line, character: 0 }, end: { line: this.line, character: current.length } }, text);
  }

  get lineNumber(): number | undefined {
    return this.line;
  }
}

export class Completion {
  constructor(
    /** The scratch line as it was when completion was asked for. */
    readonly lineText: string,
    readonly items: CompletionItem[],
    /** The document line the scratch line is on. */
    readonly line: number,
  ) {}

  get labels(): string[] {
    return this.items.map((item) => item.label);
  }

  /** Labels in the order an editor shows them before any filtering: by sortText, then label. */
  get sortedLabels(): string[] {
    return [...this.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);
  }

  item(label: string): CompletionItem {
    const found = this.items.find((item) => item.label === label);
    if (!found) throw new Error(`no completion "${label}" among: ${this.labels.join(', ')}`);
    return found;
  }

  /** The scratch line after accepting the item labelled `label`. */
  accept(label: string): string {
    // The edit addresses the scratch line; apply it to that line alone (line 0 of its own text).
    const item = this.item(label);
    const edit = item.textEdit!;
    const range = 'range' in edit ? edit.range : edit.replace;
    const onOwnLine = { ...item, textEdit: { newText: edit.newText, range: { start: { line: 0, character: range.start.character }, end: { line: 0, character: range.end.character } } } };
    if (range.start.line !== this.line || range.end.line !== this.line) throw new Error(`completion "${label}" edits another line than the cursor's: ${JSON.stringify(range)}`);
    return acceptCompletion(this.lineText, onOwnLine);
  }
}
