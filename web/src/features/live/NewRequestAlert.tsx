import { ActionIcon, Alert, Button, Group, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VolumeIcon, VolumeOffIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { currentLanguage } from '../../i18n/i18n.ts';
import { meQueryKey, updateMe } from '../auth/api.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { unreadTicketsQueryOptions } from './api.ts';
import { whileLeader } from './leadership.ts';
import { ALERT_REPEAT_MS, canSpeak, hush, speak, speechAllowed } from './speech.ts';

const SPEECH_LOCK = 'zy-live-speech';
// A long subject is cut: the alert names the request, the page tells the rest.
const SPOKEN_TITLE_MAX = 120;
// Should the stream be down, the alert still learns of new requests, only later.
const UNREAD_REFETCH_MS = 60_000;

/** Whether this tab is the one that speaks (see leadership.ts). */
function useSpeaker(wanted: boolean): boolean {
  const [leader, setLeader] = useState(false);
  useEffect(() => {
    if (!wanted) {
      return undefined;
    }
    const resign = whileLeader(SPEECH_LOCK, () => {
      setLeader(true);
      return () => setLeader(false);
    });
    return () => {
      resign();
      setLeader(false);
    };
  }, [wanted]);
  return leader;
}

const clip = (title: string) =>
  title.length > SPOKEN_TITLE_MAX ? `${title.slice(0, SPOKEN_TITLE_MAX).trimEnd()}…` : title;

/**
 * The new-request alert (seed 003): while a new request visible to this person is unread — no member of the
 * staff has opened it — the workspace says so aloud, at once and again every few minutes, until someone
 * opens it. Each person turns it off for himself in the header. Browsers speak only after the person has
 * clicked the page once: until then a banner asks for that click.
 */
export function NewRequestAlert() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const wanted = user.speechAlerts && canSpeak();
  const speaker = useSpeaker(wanted);
  const unread = useQuery({
    ...unreadTicketsQueryOptions,
    enabled: wanted && speaker,
    refetchInterval: UNREAD_REFETCH_MS,
  });
  const items = wanted && speaker ? (unread.data?.items ?? []) : [];
  const [blocked, setBlocked] = useState(false);
  const spoken = useRef(new Set<string>());
  const lastSpokenAt = useRef(0);

  const language = currentLanguage();
  const newest = items[0];
  const message = newest
    ? items.length === 1
      ? t('live.speech.one', { number: newest.number, title: clip(newest.title) })
      : t('live.speech.many', { count: items.length, number: newest.number, title: clip(newest.title) })
    : null;
  const idsKey = items.map((item) => item.id).join(',');

  useEffect(() => {
    if (!message || blocked) {
      return undefined;
    }
    const ids = idsKey.split(',');
    let timer: ReturnType<typeof setTimeout>;
    const say = () => {
      const result = speak(message, language, () => {
        // Refused after all: said to nobody, so said again once the person clicks.
        spoken.current = new Set();
        setBlocked(true);
      });
      if (result === 'blocked') {
        setBlocked(true);
        return;
      }
      if (result === 'spoken') {
        lastSpokenAt.current = Date.now();
        ids.forEach((id) => spoken.current.add(id));
      }
      timer = setTimeout(say, ALERT_REPEAT_MS);
    };
    // A request not announced yet is announced at once; otherwise the repeat keeps its pace.
    const hasNew = ids.some((id) => !spoken.current.has(id));
    timer = setTimeout(say, hasNew ? 0 : Math.max(0, lastSpokenAt.current + ALERT_REPEAT_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [message, idsKey, language, blocked]);

  // Opened by someone, or turned off: stop mid-sentence.
  const silent = items.length === 0;
  useEffect(() => {
    if (silent) {
      hush();
    }
  }, [silent]);

  // Any click or key on the page lets the browser speak.
  useEffect(() => {
    if (!blocked) {
      return undefined;
    }
    const unlock = () => {
      if (speechAllowed()) {
        setBlocked(false);
      }
    };
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
    };
  }, [blocked]);

  if (!blocked || !message) {
    return null;
  }
  return (
    <Alert
      color="blue"
      variant="light"
      mb="md"
      icon={<VolumeOffIcon />}
      // A request for a click, not an error: screen readers hear it without being interrupted.
      role="status"
      title={t('live.unlock.title', { n: items.length })}
      data-testid="speech-unlock"
    >
      <Group justify="space-between" gap="sm">
        <Text size="sm">{t('live.unlock.text')}</Text>
        <Button size="xs" leftSection={<VolumeIcon size={16} />} onClick={() => setBlocked(false)}>
          {t('live.unlock.button')}
        </Button>
      </Group>
    </Alert>
  );
}

/** The header's speaker: turns the spoken alert on or off for this person, on every device he uses. */
export function SpeechAlertToggle() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const on = user.speechAlerts;
  const toggle = useMutation({
    mutationFn: () => updateMe({ speechAlerts: !on }),
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      notifications.show({
        message: me.speechAlerts ? t('live.toggle.turnedOn') : t('live.toggle.turnedOff'),
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('errors.saveFailed'), message: describe(error) }),
  });
  if (!canSpeak()) {
    return null;
  }
  const label = on ? t('live.toggle.turnOff') : t('live.toggle.turnOn');
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={label}
        aria-pressed={on}
        loading={toggle.isPending}
        onClick={() => toggle.mutate()}
        data-testid="speech-alert-toggle"
      >
        {on ? <VolumeIcon /> : <VolumeOffIcon />}
      </ActionIcon>
    </Tooltip>
  );
}
