import { useEffect, useState } from 'preact/hooks';
import { useTranslation } from '../i18n/use-translation.ts';
import { navigation } from '../page/navigation.ts';
import { autoRead, readableText, useSpeech, type SpeechProblem } from './use-speech.ts';

/**
 * "Listen to this page" under each page's heading, with the choice to have every page read as it
 * opens. Hidden until the browser shows it can speak, so nobody meets a button that does nothing.
 */
export function ReadAloudPage({ containerId }: { containerId: string }) {
  const { t } = useTranslation();
  const speech = useSpeech();
  const [automatic, setAutomatic] = useState(false);
  const read = () => {
    const container = document.getElementById(containerId);
    if (container) speech.speak(readableText(container));
  };

  useEffect(() => {
    const on = autoRead.get();
    setAutomatic(on);
    // Browsers only let a page speak after a gesture: a client-side navigation is one.
    if (on && navigation.hasNavigated() && typeof speechSynthesis !== 'undefined') read();
  }, []);

  const toggleAutomatic = () => {
    autoRead.set(!automatic);
    setAutomatic(!automatic);
  };

  return (
    <div class="read-aloud" hidden={!speech.supported}>
      <button type="button" class="button button--secondary button--small" onClick={speech.speaking ? speech.stop : read}>
        <SpeakerIcon />
        {speech.speaking ? t('common:read_aloud.stop') : t('common:read_aloud.page')}
      </button>
      <button type="button" class="button button--link" aria-pressed={automatic ? 'true' : 'false'} onClick={toggleAutomatic}>
        {t('common:read_aloud.automatic')}
      </button>
      <SpeechNotice problem={speech.problem} readWithOffered={speech.readWithOffered} />
    </div>
  );
}

/** A small "Listen" button beside a form question, reading its label, hint and options. */
export default function ReadAloudQuestionButton({ text, question }: { text: () => string; question: string }) {
  const { t } = useTranslation();
  const speech = useSpeech();
  return (
    <>
      <button
        type="button"
        class="read-aloud__question"
        hidden={!speech.supported}
        onClick={speech.speaking ? speech.stop : () => speech.speak(text())}
      >
        <SpeakerIcon />
        {speech.speaking ? t('common:read_aloud.stop') : t('common:read_aloud.question')}
        <span class="visually-hidden"> : {question}</span>
      </button>
      <SpeechNotice problem={speech.problem} readWithOffered={speech.readWithOffered} />
    </>
  );
}

/** Why nothing is heard, announced where the citizen pressed "Listen", with the voice they can use instead. */
function SpeechNotice({ problem, readWithOffered }: { problem: SpeechProblem | undefined; readWithOffered: () => void }) {
  const { t, language } = useTranslation();
  // Inserted with its text (an alert is announced as it appears): the citizen pressed a button and heard nothing.
  if (!problem) return null;
  if (problem.kind === 'failed') {
    return (
      <span class="read-aloud__notice" role="alert">
        {t('common:read_aloud.failed')}
      </span>
    );
  }
  const named = (tag: string) => new Intl.DisplayNames([language], { type: 'language' }).of(tag.split(/[-_]/)[0] ?? tag) ?? tag;
  return (
    <span class="read-aloud__notice" role="alert">
      {t('common:read_aloud.no_voice', { language: named(problem.language) })}{' '}
      {problem.closest && (
        <button type="button" class="button button--link" onClick={readWithOffered}>
          {t('common:read_aloud.read_with', { voice: problem.closest.name, voiceLanguage: named(problem.closest.lang) })}
        </button>
      )}
    </span>
  );
}

function SpeakerIcon() {
  return <span class="pictogram pictogram--speaker" aria-hidden="true" />;
}
