import { readAloudCookie, type ReadAloudMode } from '../../shared/reading.ts';
import { rememberCookie } from './remember-cookie.ts';
import { useEffect, useState } from 'preact/hooks';

/** Why a reading did not start: no voice in the page's language (with the closest one to offer), or the browser failed. */
export type SpeechProblem = { kind: 'no_voice'; language: string; closest?: VoiceOffer } | { kind: 'failed' };

/** A voice the citizen can choose instead: its name and the language it speaks. */
export interface VoiceOffer {
  name: string;
  lang: string;
}

/**
 * Reading aloud with the browser's own speech synthesis: no network, no cost, in the page's
 * language. One voice at a time for the whole app, so starting a reading stops the previous one.
 * Where the device has no voice for the page's language, the browser would read it with another
 * language's voice, or not at all, without a word: here the citizen is told, and offered the
 * closest voice it has.
 */
export function useSpeech() {
  // False on the server and on the first browser render, so hydration matches the HTML.
  const [supported, setSupported] = useState(false);
  const [speaking, setSpeaking] = useState(false);
  const [problem, setProblem] = useState<SpeechProblem | undefined>(undefined);
  const [waiting, setWaiting] = useState('');

  useEffect(() => {
    setSupported(typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined');
    return () => {
      if (speaking) speechSynthesis.cancel();
    };
  }, []);

  const say = (text: string, voice: SpeechSynthesisVoice | undefined) => {
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text.replace(/\s+/g, ' ').trim());
    utterance.lang = voice?.lang ?? document.documentElement.lang;
    if (voice) utterance.voice = voice;
    utterance.onend = () => setSpeaking(false);
    utterance.onerror = (event) => {
      setSpeaking(false);
      // Stopping a reading (ours or the next one's) is reported as an error too.
      if (event.error !== 'interrupted' && event.error !== 'canceled') setProblem({ kind: 'failed' });
    };
    setProblem(undefined);
    setSpeaking(true);
    speechSynthesis.speak(utterance);
  };

  return {
    supported,
    speaking,
    problem,
    speak(text: string) {
      const language = document.documentElement.lang;
      const voices = speechSynthesis.getVoices();
      // An empty list: the browser has not said which voices it has; it picks one itself.
      if (voices.length === 0) return say(text, undefined);
      const own = voiceIn(language, voices);
      if (own) return say(text, own);
      const closest = closestVoice(voices);
      setWaiting(text);
      setProblem({ kind: 'no_voice', language, closest: closest && { name: closest.name, lang: closest.lang } });
    },
    /** Reads what waited with the voice offered instead of the page's language. */
    readWithOffered() {
      const name = problem?.kind === 'no_voice' ? problem.closest?.name : undefined;
      const voice = speechSynthesis.getVoices().find((candidate) => candidate.name === name);
      if (voice) say(waiting, voice);
    },
    stop() {
      speechSynthesis.cancel();
      setSpeaking(false);
    },
  };
}

const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/** A voice of the page's language, the device's default one first. */
function voiceIn(language: string, voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  const same = voices.filter((voice) => primary(voice.lang) === primary(language));
  return same.find((voice) => voice.default) ?? same[0];
}

/** The voice the citizen most likely understands: one in a language their browser asks for, else the default. */
function closestVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  for (const language of navigator.languages) {
    const voice = voiceIn(language, voices);
    if (voice) return voice;
  }
  return voices.find((voice) => voice.default) ?? voices[0];
}

/**
 * The text of a page to read: from its heading to its end, without the reading controls
 * themselves, what is hidden, or what is there for looks only.
 */
export function readableText(container: HTMLElement): string {
  const start = container.querySelector('h1') ?? container;
  const range = document.createRange();
  range.setStartBefore(start);
  range.setEnd(container, container.childNodes.length);
  const copy = document.createElement('div');
  copy.append(range.cloneContents());
  copy
    .querySelectorAll('.read-aloud, .read-aloud__question, [hidden], [aria-hidden="true"], script, style, template')
    .forEach((node) => node.remove());
  // Block elements end a sentence when read: a heading or a label runs into what follows otherwise.
  copy.querySelectorAll('h1, h2, h3, h4, p, li, dt, dd, label, legend, th, td, summary, button, a').forEach((block) => block.append('\n'));
  return (copy.textContent ?? '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((line) => (/[.!?:;…»)]$/.test(line) ? line : `${line}.`))
    .join(' ');
}

/** Whether the citizen asked for every page to be read aloud as it opens: a cookie, kept on their account too. */
export const autoRead = {
  get(): boolean {
    return new RegExp(`(?:^|;\\s*)${readAloudCookie}=auto(?:;|$)`).test(document.cookie);
  },
  set(on: boolean): void {
    const mode: ReadAloudMode = on ? 'auto' : 'off';
    rememberCookie(readAloudCookie, mode);
    void import('./reading-preferences.client.ts').then((client) => client.saveReadingPreferences({ readAloud: mode }));
  },
};
