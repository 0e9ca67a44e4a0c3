import { readAloudCookie, type ReadAloudMode } from '../../shared/reading.ts';
import { rememberCookie } from './remember-cookie.ts';
import { useEffect, useState } from 'preact/hooks';

/**
 * Reading aloud with the browser's own speech synthesis: no network, no cost, in the page's
 * language. One voice at a time for the whole app, so starting a reading stops the previous one.
 */
export function useSpeech() {
  // False on the server and on the first browser render, so hydration matches the HTML.
  const [supported, setSupported] = useState(false);
  const [speaking, setSpeaking] = useState(false);

  useEffect(() => {
    setSupported(typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined');
    return () => {
      if (speaking) speechSynthesis.cancel();
    };
  }, []);

  return {
    supported,
    speaking,
    speak(text: string) {
      speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text.replace(/\s+/g, ' ').trim());
      utterance.lang = document.documentElement.lang;
      utterance.onend = () => setSpeaking(false);
      utterance.onerror = () => setSpeaking(false);
      setSpeaking(true);
      speechSynthesis.speak(utterance);
    },
    stop() {
      speechSynthesis.cancel();
      setSpeaking(false);
    },
  };
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
