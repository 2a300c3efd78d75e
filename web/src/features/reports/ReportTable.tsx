import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';

export type ColumnKind = 'text' | 'int' | 'hours' | 'share' | 'money';
export type Column<Row> = {
  key: string;
  label: string;
  kind: ColumnKind;
  value: (row: Row) => ReactNode | number | string | null;
};

/** A report's table: numbers right-aligned in the reader's locale, shares as percentages. */
export function ReportTable<Row>({
  columns,
  rows,
  rowKey,
  testId,
  footer,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  testId?: string;
  footer?: Row;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const show = (column: Column<Row>, row: Row): ReactNode => {
    const value = column.value(row);
    if (value === null || value === undefined) {
      return (
        <Text c="dimmed" span>
          —
        </Text>
      );
    }
    if (typeof value !== 'number') {
      return value;
    }
    switch (column.kind) {
      case 'int':
        return formatNumber(value, locale, 0);
      case 'share':
        return `${formatNumber(value * 100, locale, 1)} %`;
      case 'money':
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency: 'RUB',
          maximumFractionDigits: 0,
        }).format(value);
      default:
        return formatNumber(value, locale, 2);
    }
  };
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('reports.page.noRows')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped highlightOnHover withTableBorder data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} ta={column.kind === 'text' ? 'left' : 'right'}>
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <Table.Td key={column.key} ta={column.kind === 'text' ? 'left' : 'right'}>
                  {show(column, row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {footer && (
          <Table.Tfoot>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.key} ta={column.kind === 'text' ? 'left' : 'right'}>
                  {show(column, footer)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}
