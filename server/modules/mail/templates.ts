import type { Db } from '#server/db/client.ts';

// The letters Zayavka writes, in Russian and English. The texts here are the defaults; an admin's
// version of a kind and language (table mail_templates) replaces its default until he resets it.
// Placeholders: {{number}}, {{title}}, {{comment}}, {{estimate}}, {{subject}}.

export const TEMPLATE_KINDS = ['received', 'answered', 'estimated', 'done', 'completed', 'refused'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export const TEMPLATE_LOCALES = ['ru', 'en'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

type Text = { subject: string; body: string };

const SIGNATURE_RU =
  '\n\n—\nСлужба поддержки. Чтобы дополнить заявку, ответьте на это письмо, не меняя номер в теме.';
const SIGNATURE_EN =
  '\n\n—\nSupport desk. To add to the request, reply to this letter keeping the number in the subject.';

export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<TemplateLocale, Text>> = {
  received: {
    ru: {
      subject: 'Заявка №{{number}} зарегистрирована: {{title}}',
      body: `Здравствуйте!\n\nМы получили ваше обращение и зарегистрировали заявку №{{number}} «{{title}}». Специалист свяжется с вами в ближайшее время.${SIGNATURE_RU}`,
    },
    en: {
      subject: 'Request #{{number}} received: {{title}}',
      body: `Hello,\n\nWe have received your message and registered it as request #{{number}} "{{title}}". A specialist will be in touch soon.${SIGNATURE_EN}`,
    },
  },
  answered: {
    ru: {
      subject: 'Ответ по заявке №{{number}}: {{title}}',
      body: `Здравствуйте!\n\n{{comment}}${SIGNATURE_RU}`,
    },
    en: {
      subject: 'Reply on request #{{number}}: {{title}}',
      body: `Hello,\n\n{{comment}}${SIGNATURE_EN}`,
    },
  },
  estimated: {
    ru: {
      subject: 'Заявка №{{number}} оценена и ждёт согласования',
      body: `Здравствуйте!\n\nЗаявка №{{number}} «{{title}}» оценена в {{estimate}} ч. Чтобы мы приступили к работе, согласуйте оценку на портале.${SIGNATURE_RU}`,
    },
    en: {
      subject: 'Request #{{number}} estimated, waiting for your approval',
      body: `Hello,\n\nRequest #{{number}} "{{title}}" is estimated at {{estimate}} h. Please approve the estimate in the portal so that we can start.${SIGNATURE_EN}`,
    },
  },
  done: {
    ru: {
      subject: 'Заявка №{{number}} выполнена — подтвердите, пожалуйста',
      body: `Здравствуйте!\n\nРабота по заявке №{{number}} «{{title}}» выполнена.\n\n{{comment}}\n\nПроверьте результат и подтвердите его на портале или ответьте на это письмо, если что-то не так.${SIGNATURE_RU}`,
    },
    en: {
      subject: 'Request #{{number}} is done — please confirm',
      body: `Hello,\n\nThe work on request #{{number}} "{{title}}" is done.\n\n{{comment}}\n\nPlease check the result and confirm it in the portal, or reply to this letter if something is wrong.${SIGNATURE_EN}`,
    },
  },
  completed: {
    ru: {
      subject: 'Заявка №{{number}} закрыта',
      body: `Здравствуйте!\n\nЗаявка №{{number}} «{{title}}» закрыта. Спасибо, что обратились к нам.${SIGNATURE_RU}`,
    },
    en: {
      subject: 'Request #{{number}} completed',
      body: `Hello,\n\nRequest #{{number}} "{{title}}" is completed. Thank you for contacting us.${SIGNATURE_EN}`,
    },
  },
  refused: {
    ru: {
      subject: 'Ваше письмо не зарегистрировано: {{subject}}',
      body: 'Здравствуйте!\n\nК сожалению, мы принимаем обращения только от клиентов, заключивших договор на поддержку, а ваш адрес нам не знаком. Если вы наш клиент, попросите ответственного сотрудника добавить ваш адрес в список контактов или напишите с зарегистрированного адреса.\n\n—\nСлужба поддержки',
    },
    en: {
      subject: 'Your letter was not registered: {{subject}}',
      body: 'Hello,\n\nUnfortunately we accept requests only from clients with a support contract, and we do not know your address. If you are our client, please ask your company to add your address to its contacts, or write from a registered address.\n\n—\nSupport desk',
    },
  },
};

export const isTemplateKind = (value: string): value is TemplateKind =>
  (TEMPLATE_KINDS as readonly string[]).includes(value);

/** The text of a letter as it goes out now: the admin's version, else the default. */
export async function loadTemplate(db: Db, kind: TemplateKind, locale: TemplateLocale): Promise<Text> {
  const row = await db
    .selectFrom('mail_templates')
    .select(['subject', 'body'])
    .where('kind', '=', kind)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row ?? DEFAULT_TEMPLATES[kind][locale];
}

/** Every kind and language with its current text, and whether it is the default. */
export async function listTemplates(db: Db) {
  const rows = await db.selectFrom('mail_templates').selectAll().execute();
  return TEMPLATE_KINDS.flatMap((kind) =>
    TEMPLATE_LOCALES.map((locale) => {
      const row = rows.find((r) => r.kind === kind && r.locale === locale);
      return {
        kind,
        locale,
        subject: row?.subject ?? DEFAULT_TEMPLATES[kind][locale].subject,
        body: row?.body ?? DEFAULT_TEMPLATES[kind][locale].body,
        isDefault: !row,
      };
    }),
  );
}
