import { type FormEvent, useMemo, useState } from 'react';
import { answersMatch, pickPositions } from './backup-check.ts';

/** Shows the new phrase, then asks for a few of its words back before letting the user in. */
export function BackupPhrase({ mnemonic, onDone }: { mnemonic: string; onDone: () => void }) {
  const words = useMemo(() => mnemonic.split(' '), [mnemonic]);
  const positions = useMemo(() => pickPositions(words.length, 3), [words]);
  const [step, setStep] = useState<'show' | 'confirm'>('show');
  const [writtenDown, setWrittenDown] = useState(false);
  const [answers, setAnswers] = useState<string[]>(positions.map(() => ''));
  const [problem, setProblem] = useState<string | null>(null);

  if (step === 'show') {
    return (
      <section className="card narrow" aria-labelledby="backup-title">
        <h2 id="backup-title">Write down your recovery phrase</h2>
        <p>
          These {words.length} words are the only way to restore your account on another device. Keep them offline and
          private.
        </p>
        <ol className="phrase" data-testid="recovery-phrase">
          {words.map((word, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the position is the identity of a word here
            <li key={index}>{word}</li>
          ))}
        </ol>
        <label className="check">
          <input type="checkbox" checked={writtenDown} onChange={(event) => setWrittenDown(event.target.checked)} /> I
          have written these words down
        </label>
        <div className="actions">
          <button type="button" disabled={!writtenDown} onClick={() => setStep('confirm')}>
            Continue
          </button>
        </div>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (answersMatch(words, positions, answers)) onDone();
    else setProblem('Some words do not match. Check your copy of the phrase.');
  };

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="confirm-title">
      <h2 id="confirm-title">Confirm your phrase</h2>
      {positions.map((position, index) => (
        <div className="field" key={position}>
          <label htmlFor={`word-${position}`}>Word #{position + 1}</label>
          <input
            id={`word-${position}`}
            value={answers[index] ?? ''}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) =>
              setAnswers((previous) => previous.map((answer, i) => (i === index ? event.target.value : answer)))
            }
          />
        </div>
      ))}
      {problem && <p role="alert">{problem}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setStep('show')}>
          Show the phrase again
        </button>
        <button type="submit">Confirm</button>
      </div>
    </form>
  );
}
