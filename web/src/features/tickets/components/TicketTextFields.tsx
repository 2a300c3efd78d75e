import { TextInput, Textarea } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** The subject and the description of a new request, as every create form asks for them. */
export function TicketTextFields({
  title,
  description,
  onTitle,
  onDescription,
  errors,
  rows = [4, 14],
  titleRef,
}: {
  title: string;
  description: string;
  onTitle: (value: string) => void;
  onDescription: (value: string) => void;
  errors: { title?: string | undefined; description?: string | undefined };
  /** The description's height: at least, at most (in rows). */
  rows?: [number, number];
  titleRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        ref={titleRef}
        label={t('tickets.create.titleLabel')}
        placeholder={t('tickets.create.titlePlaceholder')}
        required
        maxLength={300}
        value={title}
        error={errors.title}
        onChange={(event) => onTitle(event.currentTarget.value)}
      />
      <Textarea
        label={t('tickets.create.description')}
        placeholder={t('tickets.create.descriptionPlaceholder')}
        autosize
        minRows={rows[0]}
        maxRows={rows[1]}
        value={description}
        error={errors.description}
        onChange={(event) => onDescription(event.currentTarget.value)}
      />
    </>
  );
}
