import { Typography, type TypographyProps } from '@mantine/core';

/** HTML the server has already sanitized (descriptions, comments, resolutions), in body-text styles. */
export function RichText({ html, ...props }: { html: string } & TypographyProps) {
  return (
    <Typography
      fz="sm"
      style={{ overflowWrap: 'anywhere' }}
      {...props}
      // Safe: the server stores and serves only sanitized HTML (server/modules/tickets/rich-text.ts).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
