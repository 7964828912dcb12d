// The page's context menu: spelling suggestions replace the word, "Add to dictionary" adds it,
// and cut / copy / paste follow what the spot allows.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it, mock } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';

const popups: MenuItemConstructorOptions[][] = [];
const fakeMenu = {
  buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({
    popup: () => {
      popups.push(template);
    },
  }),
};
mock.module('electron', { namedExports: { Menu: fakeMenu } });
const { attachContextMenu, contextMenuTemplate } = await import('../../../main/electron/context-menu.ts');

const ALL_EDITS = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true, canUndo: true, canRedo: true };
type Params = Parameters<typeof contextMenuTemplate>[0];

function params(overrides: Partial<Params> = {}): Params {
  return {
    misspelledWord: '',
    dictionarySuggestions: [],
    isEditable: true,
    selectionText: '',
    editFlags: ALL_EDITS as Params['editFlags'],
    ...overrides,
  };
}

function fakeContents() {
  return Object.assign(new EventEmitter(), {
    replaceMisspelling: mock.fn((_word: string) => {}),
    session: { addWordToSpellCheckerDictionary: mock.fn((_word: string) => true) },
  });
}

describe('contextMenuTemplate', () => {
  it('offers suggestions for a misspelled word; a click replaces it', () => {
    const contents = fakeContents();
    const template = contextMenuTemplate(
      params({ misspelledWord: 'helo', dictionarySuggestions: ['hello', 'help', 'hero'] }),
      contents,
    );
    assert.deepEqual(
      template.slice(0, 3).map((i) => i.label),
      ['hello', 'help', 'hero'],
    );
    const help = template[1]?.click as (() => void) | undefined;
    assert.ok(help);
    help();
    assert.deepEqual(contents.replaceMisspelling.mock.calls[0]?.arguments, ['help']);
  });

  it('"Add to dictionary" adds the misspelled word', () => {
    const contents = fakeContents();
    const template = contextMenuTemplate(params({ misspelledWord: 'Waku', dictionarySuggestions: [] }), contents);
    assert.equal(template[0]?.label, 'No suggestions');
    assert.equal(template[0]?.enabled, false);
    const add = template.find((i) => i.label === 'Add to dictionary');
    const addToDictionary = add?.click as (() => void) | undefined;
    assert.ok(addToDictionary);
    addToDictionary();
    assert.deepEqual(contents.session.addWordToSpellCheckerDictionary.mock.calls[0]?.arguments, ['Waku']);
  });

  it('shows at most five suggestions', () => {
    const template = contextMenuTemplate(
      params({ misspelledWord: 'x', dictionarySuggestions: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }),
      fakeContents(),
    );
    assert.equal(template.filter((i) => i.click && i.label !== 'Add to dictionary').length, 5);
  });

  it('an editable field gets cut, copy, paste and select all, enabled as Chromium says', () => {
    const template = contextMenuTemplate(
      params({ editFlags: { ...ALL_EDITS, canCut: false, canCopy: false } as Params['editFlags'] }),
      fakeContents(),
    );
    const roles = template.filter((i) => i.role).map((i) => [i.role, i.enabled]);
    assert.deepEqual(roles, [
      ['cut', false],
      ['copy', false],
      ['paste', true],
      ['selectAll', true],
    ]);
  });

  it('selected text outside a field gets copy only; nothing selected gets no menu', () => {
    const copyOnly = contextMenuTemplate(params({ isEditable: false, selectionText: 'hi' }), fakeContents());
    assert.deepEqual(
      copyOnly.map((i) => i.role),
      ['copy'],
    );
    assert.deepEqual(contextMenuTemplate(params({ isEditable: false }), fakeContents()), []);
  });

  it('never ends with a separator', () => {
    const template = contextMenuTemplate(params({ isEditable: false, misspelledWord: 'x' }), fakeContents());
    assert.notEqual(template.at(-1)?.type, 'separator');
  });
});

describe('attachContextMenu', () => {
  it('pops the menu up on context-menu, and not when it would be empty', () => {
    popups.length = 0;
    const contents = fakeContents();
    attachContextMenu(contents as never);
    contents.emit('context-menu', {}, params({ misspelledWord: 'helo', dictionarySuggestions: ['hello'] }));
    assert.equal(popups.length, 1);
    assert.equal(popups[0]?.[0]?.label, 'hello');
    contents.emit('context-menu', {}, params({ isEditable: false }));
    assert.equal(popups.length, 1);
  });
});
