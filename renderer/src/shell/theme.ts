// Light and dark themes: a choice stored in the account's prefs ('ui.theme'), applied as
// data-theme on <html> (styles.css defines the colours for each). "System" follows the OS.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../core/connection.ts';

export const THEME_PREF = 'ui.theme';
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return THEME_CHOICES.includes(value as ThemeChoice);
}

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

/** The theme after a "toggle": the opposite of what is on screen now. */
export function toggledTheme(current: Theme): ThemeChoice {
  return current === 'dark' ? 'light' : 'dark';
}

function systemQuery(target: Window): MediaQueryList | undefined {
  return typeof target.matchMedia === 'function' ? target.matchMedia(DARK_QUERY) : undefined;
}

/** Sets data-theme now and, for "system", whenever the OS preference changes. */
export function applyTheme(choice: ThemeChoice, target: Window = window): () => void {
  const query = systemQuery(target);
  const apply = () => {
    target.document.documentElement.dataset.theme = resolveTheme(choice, query?.matches ?? false);
  };
  apply();
  if (choice !== 'system' || !query) return () => {};
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}

export interface ThemeState {
  choice: ThemeChoice;
  setChoice: (choice: ThemeChoice) => Promise<void>;
  toggle: () => Promise<void>;
  error: string | null;
}

export function useTheme(client: CoreClient): ThemeState {
  const [choice, setChoiceState] = useState<ThemeChoice>('system');
  const [error, setError] = useState<string | null>(null);
  // A choice made before the saved one has loaded wins over it.
  const chosen = useRef(false);

  useEffect(() => {
    let cancelled = false;
    client.call('prefs.get', { key: THEME_PREF }).then(
      (pref) => {
        if (!cancelled && !chosen.current && isThemeChoice(pref?.value)) setChoiceState(pref.value);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  useEffect(() => applyTheme(choice), [choice]);

  const setChoice = useCallback(
    async (next: ThemeChoice) => {
      chosen.current = true;
      setChoiceState(next);
      setError(null);
      try {
        await client.call('prefs.set', { key: THEME_PREF, value: next });
      } catch {
        setError('The theme could not be saved; it applies until you log out.');
      }
    },
    [client],
  );

  const toggle = useCallback(() => {
    const current = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
    return setChoice(toggledTheme(current));
  }, [setChoice]);

  return { choice, setChoice, toggle, error };
}
