import { THEME_CHOICES, type ThemeChoice, type ThemeState } from '../shell/theme.ts';

const LABEL: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** System / Light / Dark, saved with the account. */
export function ThemeSetting({ theme }: { theme: Pick<ThemeState, 'choice' | 'setChoice' | 'error'> }) {
  return (
    <section className="card" aria-label="Appearance">
      <h2>Appearance</h2>
      <fieldset className="choice">
        <legend>Theme</legend>
        {THEME_CHOICES.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="theme"
              value={choice}
              checked={theme.choice === choice}
              onChange={() => void theme.setChoice(choice)}
            />{' '}
            {LABEL[choice]}
          </label>
        ))}
      </fieldset>
      {theme.error && <p role="alert">{theme.error}</p>}
    </section>
  );
}
