// The browser's speech synthesis, as the new-request alert uses it.

/** How often the alert repeats while a new request stays unread. */
export const ALERT_REPEAT_MS = 3 * 60_000;

export type SpeakResult = 'spoken' | 'blocked' | 'unsupported';

const synthesis = (): SpeechSynthesis | null =>
  typeof window !== 'undefined' &&
  'speechSynthesis' in window &&
  typeof SpeechSynthesisUtterance !== 'undefined'
    ? window.speechSynthesis
    : null;

export const canSpeak = (): boolean => synthesis() !== null;

/**
 * Browsers refuse to speak before the person has interacted with the page (a click, a key). Where the
 * browser tells (navigator.userActivation), we know beforehand; elsewhere the utterance fails with
 * `not-allowed` and `onBlocked` is called.
 */
export const speechAllowed = (): boolean => {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } })
    .userActivation;
  return activation ? activation.hasBeenActive : true;
};

/** A voice of the language, the country's own first (ru-RU before ru-UA), a local one before a network one. */
export function pickVoice(voices: readonly SpeechSynthesisVoice[], language: 'ru' | 'en') {
  const preferred = language === 'ru' ? 'ru-ru' : 'en-us';
  const ofLanguage = voices.filter((voice) =>
    voice.lang.toLowerCase().replace('_', '-').startsWith(language),
  );
  const rank = (voice: SpeechSynthesisVoice) =>
    (voice.lang.toLowerCase().replace('_', '-') === preferred ? 0 : 2) + (voice.localService ? 0 : 1);
  return [...ofLanguage].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** Says `text` in the language, cutting off whatever it was saying (repeats never pile up). */
export function speak(text: string, language: 'ru' | 'en', onBlocked: () => void): SpeakResult {
  const synth = synthesis();
  if (!synth) {
    return 'unsupported';
  }
  if (!speechAllowed()) {
    return 'blocked';
  }
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = language === 'ru' ? 'ru-RU' : 'en-US';
  // Without a voice of the language, the browser picks one by `lang` (or reads it with an accent).
  const voice = pickVoice(synth.getVoices(), language);
  if (voice) {
    utterance.voice = voice;
  }
  utterance.addEventListener('error', (event) => {
    if (event.error === 'not-allowed') {
      onBlocked();
    }
  });
  synth.cancel();
  synth.speak(utterance);
  return 'spoken';
}

/** Stops whatever the alert is saying. */
export function hush(): void {
  synthesis()?.cancel();
}
