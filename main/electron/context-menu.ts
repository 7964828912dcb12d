// The right-click menu of the page: spelling suggestions for a misspelled word (spell check
// is on in window.ts), "Add to dictionary", then cut / copy / paste as the spot allows.
import { type ContextMenuParams, Menu, type MenuItemConstructorOptions, type WebContents } from 'electron';

/** Few enough to keep the menu short; Chromium orders them best first. */
const MAX_SUGGESTIONS = 5;

type Params = Pick<ContextMenuParams, 'misspelledWord' | 'dictionarySuggestions' | 'isEditable' | 'selectionText' | 'editFlags'>;
type Contents = Pick<WebContents, 'replaceMisspelling'> & { session: Pick<WebContents['session'], 'addWordToSpellCheckerDictionary'> };

export function contextMenuTemplate(params: Params, contents: Contents): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (params.misspelledWord) {
    const suggestions = params.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
    for (const suggestion of suggestions) {
      items.push({ label: suggestion, click: () => contents.replaceMisspelling(suggestion) });
    }
    if (suggestions.length === 0) items.push({ label: 'No suggestions', enabled: false });
    items.push(
      {
        label: 'Add to dictionary',
        click: () => contents.session.addWordToSpellCheckerDictionary(params.misspelledWord),
      },
      { type: 'separator' },
    );
  }
  if (params.isEditable) {
    items.push(
      { role: 'cut', enabled: params.editFlags.canCut },
      { role: 'copy', enabled: params.editFlags.canCopy },
      { role: 'paste', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: params.editFlags.canSelectAll },
    );
  } else if (params.selectionText.trim()) {
    items.push({ role: 'copy', enabled: params.editFlags.canCopy });
  }
  while (items.at(-1)?.type === 'separator') items.pop();
  return items;
}

export function attachContextMenu(contents: WebContents): void {
  contents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, contents);
    if (template.length > 0) Menu.buildFromTemplate(template).popup();
  });
}
