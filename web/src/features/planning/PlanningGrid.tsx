import { Badge, Box, Group, Paper, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, shortName } from '../../lib/format.ts';
import { useFormatDateRange } from '../auth/useFormatDate.ts';
import { useTicketFormat } from '../tickets/useTicketFormat.ts';
import type { BacklogItem, PlanningBoard, PlanningEmployee, PlanningItem } from './api.ts';
import {
  assignLanes,
  barExtent,
  buildLayout,
  previewEstimatedEnd,
  previewMovedEnd,
  SLOT_MINUTES,
  xToTime,
  type Layout,
} from './geometry.ts';

const NAME_WIDTH = 210;
const SLOT_MS = SLOT_MINUTES * 60_000;
const DAY_MS = 24 * 3600_000;
const BAR_HEIGHT = 26;
const LANE_GAP = 4;
const ROW_PADDING = 6;
const CAPACITY_HEIGHT = 22;
/** A press that moves less than this is a click (open the request), not a drag. */
const DRAG_THRESHOLD = 5;

/** Where a dragged bar or backlog request would land. */
export type DropTarget = { employeeId: string; start: number; end: number };

/** A change sent to the server and not yet answered: the bar is drawn where it is going. */
export type PendingMove = { itemId: string; employeeId: string; start: number; end: number };

type Drag =
  | {
      kind: 'move' | 'resize';
      item: PlanningItem;
      fromEmployeeId: string;
      pointerId: number;
      originX: number;
      originY: number;
      /** Pixels between the pointer and the bar's left edge when it was grabbed. */
      grabOffset: number;
      active: boolean;
      target: DropTarget | null;
    }
  | {
      kind: 'backlog';
      item: BacklogItem;
      pointerId: number;
      originX: number;
      originY: number;
      grabOffset: 0;
      active: boolean;
      target: DropTarget | null;
      pointer: { x: number; y: number };
    };

type PlanningGridProps = {
  board: PlanningBoard;
  today: string;
  highlightClientId: string | null;
  lineCodes: Map<string, string>;
  pending: PendingMove | null;
  onMove: (
    item: PlanningItem,
    change: { employeeId: string; start: number; end: number; kind: 'move' | 'resize' },
  ) => void;
  /** `choose`: planned from the keyboard, so the dialog asks who and when instead of a drop saying so. */
  onPlan: (item: BacklogItem, target: DropTarget, choose?: boolean) => void;
  onOpen: (id: string) => void;
};

type Bar = { item: PlanningItem; start: number; end: number; ghost?: 'target' | 'source' };

/**
 * The board itself: the backlog above, a row per employee with bars from planned start to end, and each
 * day's planned hours against capacity. Bars move with the pointer (pointer events, so mouse, pen and
 * touch all work): sideways in time, snapped to half-hours, up and down to another employee; the right
 * edge stretches or shortens the plan; a backlog request dropped on a row and day gets planned there.
 */
export function PlanningGrid({
  board,
  today,
  highlightClientId,
  lineCodes,
  pending,
  onMove,
  onPlan,
  onOpen,
}: PlanningGridProps) {
  const { t, i18n } = useTranslation();
  const { priorityColor } = useTicketFormat();
  const { ref: frameRef, width: frameWidth } = useElementSize();
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const [drag, setDragState] = useState<Drag | null>(null);
  // The window's listeners read the drag between renders: the ref is the truth, the state draws it.
  const dragRef = useRef<Drag | null>(null);
  const setDrag = useCallback((next: Drag | null) => {
    dragRef.current = next;
    setDragState(next);
  }, []);

  const perDay = board.days.length > 7 ? 58 : 104;
  const timelineWidth = Math.max(frameWidth - NAME_WIDTH - 2, board.days.length * perDay);
  const layout = useMemo(() => buildLayout(board.days, timelineWidth), [board.days, timelineWidth]);

  // The pointer over a row's timeline → that employee and the snapped instant under the bar's left edge.
  const targetAt = useCallback(
    (current: Drag, clientX: number, clientY: number): DropTarget | null => {
      let rowId: string | null = null;
      let rect: DOMRect | null = null;
      for (const [id, element] of rowRefs.current) {
        const box = element.getBoundingClientRect();
        if (clientY >= box.top && clientY < box.bottom) {
          rowId = id;
          rect = box;
          break;
        }
      }
      if (current.kind === 'resize') {
        const own = rowRefs.current.get(current.fromEmployeeId)?.getBoundingClientRect();
        if (!own) {
          return null;
        }
        const start = Date.parse(current.item.plannedStart);
        const end = xToTime(layout, clientX - own.left, 'end');
        return { employeeId: current.fromEmployeeId, start, end: Math.max(end, start + 30 * 60_000) };
      }
      if (!rowId || !rect) {
        return null;
      }
      if (current.kind === 'backlog' && (clientX < rect.left || clientX > rect.right)) {
        return null;
      }
      const start = xToTime(layout, clientX - rect.left - current.grabOffset);
      if (current.kind === 'backlog') {
        return {
          employeeId: rowId,
          start,
          end: previewEstimatedEnd(board.days, start, current.item.estimateHours),
        };
      }
      const item = current.item;
      return {
        employeeId: rowId,
        start,
        end: previewMovedEnd(board.days, Date.parse(item.plannedStart), Date.parse(item.plannedEnd), start),
      };
    },
    [board.days, layout],
  );

  const finish = useCallback(
    (current: Drag, commit: boolean) => {
      setDrag(null);
      if (!commit || !current.active || !current.target) {
        return;
      }
      const { target } = current;
      if (current.kind === 'backlog') {
        onPlan(current.item, target);
        return;
      }
      const item = current.item;
      const unchanged =
        target.employeeId === current.fromEmployeeId &&
        target.start === Date.parse(item.plannedStart) &&
        (current.kind === 'move' || target.end === Date.parse(item.plannedEnd));
      if (!unchanged) {
        onMove(item, { ...target, kind: current.kind });
      }
    },
    [onMove, onPlan, setDrag],
  );

  useEffect(() => {
    if (!drag) {
      return;
    }
    const handleMove = (event: PointerEvent) => {
      const current = dragRef.current;
      if (!current || event.pointerId !== current.pointerId) {
        return;
      }
      const moved = Math.hypot(event.clientX - current.originX, event.clientY - current.originY);
      const active = current.active || moved >= DRAG_THRESHOLD;
      const target = active ? targetAt(current, event.clientX, event.clientY) : null;
      setDrag({
        ...current,
        active,
        target,
        ...(current.kind === 'backlog' ? { pointer: { x: event.clientX, y: event.clientY } } : {}),
      });
    };
    const handleUp = (event: PointerEvent) => {
      const current = dragRef.current;
      if (!current || event.pointerId !== current.pointerId) {
        return;
      }
      if (!current.active && current.kind !== 'backlog') {
        setDrag(null);
        onOpen(current.item.id);
        return;
      }
      finish(current, true);
    };
    const handleCancel = () => {
      const current = dragRef.current;
      if (current) {
        finish(current, false);
      }
    };
    const handleKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        handleCancel();
      }
    };
    window.addEventListener('pointermove', handleMove);
    window.addEventListener('pointerup', handleUp);
    window.addEventListener('pointercancel', handleCancel);
    window.addEventListener('keydown', handleKey);
    return () => {
      window.removeEventListener('pointermove', handleMove);
      window.removeEventListener('pointerup', handleUp);
      window.removeEventListener('pointercancel', handleCancel);
      window.removeEventListener('keydown', handleKey);
    };
    // Listeners follow the drag's life, not each pointer move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drag !== null, targetAt, finish, onOpen, setDrag]);

  // The keyboard's way to do what dragging does (issue 7: a board usable without a pointer): on a focused
  // bar, Alt+←/→ moves it a day, Alt+↑/↓ hands it to the employee above or below, Alt+Shift+←/→
  // shortens or stretches it by half an hour. Each press is one re-plan through the lifecycle.
  const moveByKeyboard = (event: ReactKeyboardEvent<HTMLElement>, item: PlanningItem, employeeId: string) => {
    if (!event.altKey || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) {
      return;
    }
    event.preventDefault();
    const start = Date.parse(item.plannedStart);
    const end = Date.parse(item.plannedEnd);
    const step = event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 1;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      const index = board.employees.findIndex((employee) => employee.id === employeeId);
      const next = board.employees[index + step];
      if (next) {
        onMove(item, { employeeId: next.id, start, end, kind: 'move' });
      }
      return;
    }
    if (event.shiftKey) {
      const newEnd = Math.max(end + step * SLOT_MS, start + SLOT_MS);
      if (newEnd !== end) {
        onMove(item, { employeeId, start, end: newEnd, kind: 'resize' });
      }
      return;
    }
    const newStart = start + step * DAY_MS;
    onMove(item, {
      employeeId,
      start: newStart,
      end: previewMovedEnd(board.days, start, end, newStart),
      kind: 'move',
    });
  };

  // A backlog request planned from the keyboard starts at the first working hour from today on the
  // board; the dialog then lets the dispatcher pick the employee and the start.
  const planByKeyboard = (item: BacklogItem) => {
    const employee = board.employees[0];
    const day =
      board.days.find((d) => d.date >= today && d.workingSpans.length > 0) ??
      board.days.find((d) => d.workingSpans.length > 0);
    const span = day?.workingSpans[0];
    if (!employee || !span) {
      return;
    }
    const start = Date.parse(span.start);
    onPlan(
      item,
      { employeeId: employee.id, start, end: previewEstimatedEnd(board.days, start, item.estimateHours) },
      true,
    );
  };

  const startBarDrag = (
    event: ReactPointerEvent<HTMLElement>,
    item: PlanningItem,
    employeeId: string,
    kind: 'move' | 'resize',
  ) => {
    if (event.button !== 0) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    const barLeft =
      event.currentTarget.closest<HTMLElement>('[data-bar]')?.getBoundingClientRect().left ?? event.clientX;
    setDrag({
      kind,
      item,
      fromEmployeeId: employeeId,
      pointerId: event.pointerId,
      originX: event.clientX,
      originY: event.clientY,
      grabOffset: event.clientX - barLeft,
      active: false,
      target: null,
    });
  };

  const startBacklogDrag = (event: ReactPointerEvent<HTMLElement>, item: BacklogItem) => {
    if (event.button !== 0 || !item.canPlan) {
      return;
    }
    event.preventDefault();
    setDrag({
      kind: 'backlog',
      item,
      pointerId: event.pointerId,
      originX: event.clientX,
      originY: event.clientY,
      grabOffset: 0,
      active: false,
      target: null,
      pointer: { x: event.clientX, y: event.clientY },
    });
  };

  // Bars per employee, with the change in flight drawn where it is going.
  const barsOf = (employee: PlanningEmployee): Bar[] => {
    const bars: Bar[] = [];
    for (const item of employee.items) {
      if (pending?.itemId === item.id) {
        continue;
      }
      const dragged = drag?.active && drag.kind !== 'backlog' && drag.item.id === item.id;
      bars.push({
        item,
        start: Date.parse(item.plannedStart),
        end: Date.parse(item.plannedEnd),
        ...(dragged ? { ghost: 'source' as const } : {}),
      });
    }
    if (pending && pending.employeeId === employee.id) {
      const item = board.employees.flatMap((e) => e.items).find((i) => i.id === pending.itemId);
      if (item) {
        bars.push({ item, start: pending.start, end: pending.end, ghost: 'target' });
      }
    }
    return bars;
  };

  const preview = drag?.active ? drag.target : null;
  const previewItem = drag ? drag.item : null;
  const isToday = (date: string) => date === today;
  // Two weeks leave a day column too narrow for the month: «пн 30» instead of «пн, 30 нояб.».
  const compact = board.days.length > 7;
  const dayLabel = useMemo(
    () =>
      new Intl.DateTimeFormat(i18n.language, {
        weekday: 'short',
        day: 'numeric',
        ...(compact ? {} : { month: 'short' }),
        timeZone: board.timeZone,
      }),
    [i18n.language, board.timeZone, compact],
  );
  const hours = (value: number) => formatNumber(value, i18n.language);

  return (
    <Stack gap="md">
      <BacklogStrip
        board={board}
        highlightClientId={highlightClientId}
        draggingId={drag?.kind === 'backlog' && drag.active ? drag.item.id : null}
        onPointerDown={startBacklogDrag}
        onOpen={onOpen}
        onPlanByKeyboard={planByKeyboard}
      />
      <Paper withBorder radius="md" ref={frameRef} style={{ overflow: 'hidden' }}>
        <ScrollArea type="auto" offsetScrollbars="x">
          <Box
            style={{ width: NAME_WIDTH + timelineWidth, userSelect: drag ? 'none' : undefined }}
            data-testid="planning-grid"
            data-dragging={drag?.active ? 'true' : undefined}
          >
            {/* The days: date, and the hours the calendar gives them (holidays and short days say so). */}
            <Group
              gap={0}
              wrap="nowrap"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <Box w={NAME_WIDTH} px="sm" py={6} style={{ flexShrink: 0 }}>
                <Text size="xs" c="dimmed" fw={600}>
                  {t('planning.employee')}
                </Text>
              </Box>
              <Box pos="relative" h={44} style={{ width: timelineWidth, flexShrink: 0 }}>
                {board.days.map((day, index) => {
                  const column = layout.columns[index];
                  if (!column) {
                    return null;
                  }
                  return (
                    <Box
                      key={day.date}
                      pos="absolute"
                      top={0}
                      bottom={0}
                      px={6}
                      py={4}
                      data-testid="planning-day"
                      data-date={day.date}
                      style={{
                        left: column.left,
                        width: column.width,
                        borderLeft: '1px solid var(--mantine-color-default-border)',
                        background: isToday(day.date) ? 'var(--mantine-color-blue-light)' : undefined,
                        overflow: 'hidden',
                      }}
                    >
                      <Text size="xs" fw={isToday(day.date) ? 700 : 600} truncate>
                        {dayLabel.format(new Date(day.start))}
                      </Text>
                      <DayNote kind={day.kind} capacity={hours(day.capacityHours)} compact={compact} />
                    </Box>
                  );
                })}
              </Box>
            </Group>
            {board.employees.map((employee) => {
              const bars = barsOf(employee);
              const incoming = preview && preview.employeeId === employee.id ? preview : null;
              const all = [
                ...bars,
                ...(incoming && previewItem
                  ? [
                      {
                        item: previewItem as PlanningItem,
                        start: incoming.start,
                        end: incoming.end,
                        ghost: 'target' as const,
                      },
                    ]
                  : []),
              ].filter((bar) => bar.ghost !== 'source');
              // Lanes by what is drawn: a short job widened to the minimum must not cover its neighbour.
              const { lanes, count } = assignLanes(
                all.map((bar) => {
                  const { left, width } = barExtent(layout, bar.start, bar.end);
                  return { id: `${bar.ghost ?? ''}${bar.item.id}`, start: left, end: left + width + 2 };
                }),
              );
              const lanesHeight = count * BAR_HEIGHT + (count - 1) * LANE_GAP + ROW_PADDING * 2;
              const capacityTotal = board.days.reduce((sum, day) => sum + day.capacityHours, 0);
              const plannedTotal = employee.plannedHours.reduce((sum, value) => sum + value, 0);
              return (
                <Group
                  key={employee.id}
                  gap={0}
                  wrap="nowrap"
                  align="stretch"
                  data-testid="planning-row"
                  data-employee={employee.name}
                  style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                >
                  <Box w={NAME_WIDTH} px="sm" py={6} style={{ flexShrink: 0 }}>
                    <Text size="sm" fw={600} truncate title={employee.name}>
                      {shortName(employee.name)}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      {employee.lineIds.map((id) => (
                        <Badge key={id} size="xs" variant="light" color="gray" tt="none">
                          {lineCodes.get(id) ?? '…'}
                        </Badge>
                      ))}
                      <Text
                        size="xs"
                        c={plannedTotal > capacityTotal + 0.005 ? 'red' : 'dimmed'}
                        title={t('planning.weekTotalHint')}
                      >
                        {t('planning.load', { planned: hours(plannedTotal), capacity: hours(capacityTotal) })}
                      </Text>
                    </Group>
                  </Box>
                  <Box
                    pos="relative"
                    ref={(element: HTMLDivElement | null) => {
                      if (element) {
                        rowRefs.current.set(employee.id, element);
                      } else {
                        rowRefs.current.delete(employee.id);
                      }
                    }}
                    data-testid="planning-timeline"
                    style={{
                      width: timelineWidth,
                      flexShrink: 0,
                      height: lanesHeight + CAPACITY_HEIGHT,
                      background: incoming ? 'var(--mantine-color-blue-light)' : undefined,
                    }}
                  >
                    <DayBackground layout={layout} today={today} days={board.days} />
                    {all.map((bar) => (
                      <BarView
                        key={`${bar.ghost ?? ''}${bar.item.id}`}
                        bar={bar}
                        layout={layout}
                        lane={lanes.get(`${bar.ghost ?? ''}${bar.item.id}`) ?? 0}
                        color={priorityColor(bar.item.priority)}
                        dimmed={highlightClientId !== null && bar.item.clientId !== highlightClientId}
                        highlighted={highlightClientId !== null && bar.item.clientId === highlightClientId}
                        dragging={drag?.active ?? false}
                        onPointerDown={(event, kind) => startBarDrag(event, bar.item, employee.id, kind)}
                        onOpen={() => onOpen(bar.item.id)}
                        onKeyMove={(event) => moveByKeyboard(event, bar.item, employee.id)}
                      />
                    ))}
                    <CapacityStrip layout={layout} board={board} employee={employee} top={lanesHeight} />
                  </Box>
                </Group>
              );
            })}
          </Box>
        </ScrollArea>
      </Paper>
      {drag?.kind === 'backlog' && drag.active && (
        <Paper
          shadow="md"
          px="xs"
          py={4}
          withBorder
          style={{
            position: 'fixed',
            left: drag.pointer.x + 12,
            top: drag.pointer.y + 12,
            pointerEvents: 'none',
            zIndex: 400,
            maxWidth: 260,
          }}
        >
          <Text size="xs" fw={600} truncate>
            #{drag.item.number} {drag.item.title}
          </Text>
          <Text size="xs" c="dimmed">
            {drag.target ? t('planning.dropHere') : t('planning.dropOnRow')}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

/** Under the date: the day's working hours, or why it has none (narrow columns show the tooltip). */
function DayNote({
  kind,
  capacity,
  compact,
}: {
  kind: PlanningBoard['days'][number]['kind'];
  capacity: string;
  compact: boolean;
}) {
  const { t } = useTranslation();
  const text =
    kind === 'holiday'
      ? t('planning.holiday')
      : kind === 'weekend'
        ? t('planning.dayOff')
        : kind === 'short'
          ? t('planning.shortDay', { hours: capacity })
          : t('planning.workingHours', { hours: capacity });
  const shown = !compact
    ? text
    : kind === 'holiday'
      ? t('planning.holidayShort')
      : kind === 'weekend'
        ? t('planning.dayOffShort')
        : t('planning.workingHours', { hours: capacity });
  return (
    <Text size="xs" c={kind === 'holiday' || kind === 'short' ? 'orange' : 'dimmed'} truncate title={text}>
      {shown}
    </Text>
  );
}

/** Day columns: separators, days off hatched, today tinted. */
function DayBackground({
  layout,
  today,
  days,
}: {
  layout: Layout;
  today: string;
  days: PlanningBoard['days'];
}) {
  return (
    <>
      {layout.columns.map((column, index) => {
        const day = days[index];
        const off = column.kind === 'weekend' || column.kind === 'holiday';
        const style: CSSProperties = {
          position: 'absolute',
          top: 0,
          bottom: 0,
          left: column.left,
          width: column.width,
          borderLeft: '1px solid var(--mantine-color-default-border)',
          background: off
            ? 'repeating-linear-gradient(135deg, transparent 0 6px, var(--mantine-color-default-hover) 6px 12px)'
            : day?.date === today
              ? 'var(--mantine-color-blue-light)'
              : undefined,
          opacity: day?.date === today && !off ? 0.5 : 1,
          pointerEvents: 'none',
        };
        return <div key={column.start} style={style} />;
      })}
    </>
  );
}

type BarViewProps = {
  bar: Bar;
  layout: Layout;
  lane: number;
  color: string;
  dimmed: boolean;
  highlighted: boolean;
  dragging: boolean;
  onPointerDown: (event: ReactPointerEvent<HTMLElement>, kind: 'move' | 'resize') => void;
  onOpen: () => void;
  onKeyMove: (event: ReactKeyboardEvent<HTMLElement>) => void;
};

function BarView({
  bar,
  layout,
  lane,
  color,
  dimmed,
  highlighted,
  dragging,
  onPointerDown,
  onOpen,
  onKeyMove,
}: BarViewProps) {
  const { t } = useTranslation();
  const formatRange = useFormatDateRange();
  const { statusLabel, hours } = useTicketFormat();
  const { item } = bar;
  const { left, width } = barExtent(layout, bar.start, bar.end);
  const clippedLeft = bar.start < layout.rangeStart;
  const clippedRight = bar.end > layout.rangeEnd;
  const finished = item.status === 'done' || item.status === 'completed';
  const movable = item.canMove && !bar.ghost;
  const background =
    item.status === 'in_progress'
      ? `repeating-linear-gradient(135deg, var(--mantine-color-${color}-light) 0 8px, transparent 8px 14px), var(--mantine-color-body)`
      : `linear-gradient(var(--mantine-color-${color}-light), var(--mantine-color-${color}-light)), var(--mantine-color-body)`;
  const style: CSSProperties = {
    position: 'absolute',
    top: ROW_PADDING + lane * (BAR_HEIGHT + LANE_GAP),
    left,
    width,
    height: BAR_HEIGHT,
    background,
    borderLeft: clippedLeft
      ? `1px dashed var(--mantine-color-${color}-filled)`
      : `4px solid var(--mantine-color-${color}-filled)`,
    borderRadius: `${clippedLeft ? 0 : 4}px ${clippedRight ? 0 : 4}px ${clippedRight ? 0 : 4}px ${clippedLeft ? 0 : 4}px`,
    outline: highlighted
      ? `2px solid var(--mantine-color-${color}-filled)`
      : bar.ghost === 'target'
        ? '2px dashed var(--mantine-color-blue-filled)'
        : undefined,
    outlineOffset: 1,
    opacity: dimmed ? 0.25 : finished ? 0.6 : 1,
    cursor: movable ? 'grab' : 'pointer',
    touchAction: movable ? 'none' : undefined,
    zIndex: bar.ghost === 'target' ? 3 : highlighted ? 2 : 1,
    overflow: 'hidden',
    display: 'flex',
    alignItems: 'center',
    paddingLeft: 4,
    paddingRight: 6,
    color: `var(--mantine-color-${color}-light-color)`,
    boxShadow: bar.ghost === 'target' ? 'var(--mantine-shadow-md)' : undefined,
  };
  const label = (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        #{item.number} {item.title}
      </Text>
      {item.clientName && <Text size="xs">{item.clientName}</Text>}
      <Text size="xs">{formatRange(new Date(bar.start).toISOString(), new Date(bar.end).toISOString())}</Text>
      <Text size="xs">
        {statusLabel(item.status)}
        {item.estimateHours !== null
          ? ` · ${t('planning.estimate', { hours: hours(item.estimateHours) })}`
          : ''}
      </Text>
      {item.canMove && !bar.ghost && (
        <Text size="xs" c="dimmed">
          {t('planning.dragHint')}
        </Text>
      )}
      {item.canMove && !bar.ghost && (
        <Text size="xs" c="dimmed">
          {t('planning.keyboardHint')}
        </Text>
      )}
    </Stack>
  );
  return (
    <Tooltip
      label={label}
      disabled={dragging || bar.ghost !== undefined}
      openDelay={250}
      withinPortal
      multiline
      maw={320}
    >
      <div
        role="link"
        tabIndex={bar.ghost ? -1 : 0}
        data-bar
        data-testid={bar.ghost === 'target' ? 'planning-bar-preview' : 'planning-bar'}
        data-number={item.number}
        data-client={item.clientId ?? ''}
        data-highlighted={highlighted ? 'true' : undefined}
        aria-label={`#${item.number} ${item.title}${item.clientName ? `, ${item.clientName}` : ''}`}
        style={style}
        onPointerDown={
          bar.ghost
            ? undefined
            : (event) => {
                if (movable) {
                  onPointerDown(event, 'move');
                }
              }
        }
        onClick={movable || bar.ghost ? undefined : onOpen}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            onOpen();
          } else if (movable) {
            onKeyMove(event);
          }
        }}
      >
        {/* The number always shows; the title takes what room is left. */}
        <Text size="xs" fw={700} style={{ pointerEvents: 'none', flexShrink: 0, fontSize: 11 }}>
          #{item.number}
        </Text>
        <Text size="xs" fw={500} truncate style={{ pointerEvents: 'none', marginLeft: 4, minWidth: 0 }}>
          {item.title}
        </Text>
        {movable && (
          <Box
            aria-hidden
            data-testid="planning-bar-resize"
            onPointerDown={(event) => onPointerDown(event, 'resize')}
            style={{ position: 'absolute', right: 0, top: 0, bottom: 0, width: 8, cursor: 'ew-resize' }}
          />
        )}
      </div>
    </Tooltip>
  );
}

/** Per day: planned hours against the calendar's working hours, red when the plan exceeds them. */
function CapacityStrip({
  layout,
  board,
  employee,
  top,
}: {
  layout: Layout;
  board: PlanningBoard;
  employee: PlanningEmployee;
  top: number;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {board.days.map((day, index) => {
        const column = layout.columns[index];
        const planned = employee.plannedHours[index] ?? 0;
        if (!column) {
          return null;
        }
        const over = planned > day.capacityHours + 0.005;
        const idle = planned === 0 && day.capacityHours === 0;
        return (
          <Box
            key={day.date}
            pos="absolute"
            data-testid="capacity-cell"
            data-date={day.date}
            data-over={over ? 'true' : undefined}
            title={t('planning.capacityHint')}
            style={{
              top,
              left: column.left + 2,
              width: column.width - 4,
              height: CAPACITY_HEIGHT - 4,
              borderRadius: 4,
              background: over ? 'var(--mantine-color-red-light)' : undefined,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              pointerEvents: 'none',
            }}
          >
            {!idle && (
              <Text
                size="xs"
                c={over ? 'red' : 'dimmed'}
                fw={over ? 700 : 400}
                // A free day reads quieter than a day with work in it.
                style={{ fontVariantNumeric: 'tabular-nums', opacity: planned === 0 ? 0.55 : 1 }}
              >
                {t('planning.capacity', {
                  planned: formatNumber(planned, i18n.language),
                  capacity: formatNumber(day.capacityHours, i18n.language),
                })}
              </Text>
            )}
          </Box>
        );
      })}
    </>
  );
}

type BacklogStripProps = {
  board: PlanningBoard;
  highlightClientId: string | null;
  draggingId: string | null;
  onPointerDown: (event: ReactPointerEvent<HTMLElement>, item: BacklogItem) => void;
  onOpen: (id: string) => void;
  onPlanByKeyboard: (item: BacklogItem) => void;
};

/** Approved requests waiting for a plan, the most urgent first: grab one and drop it on a row and day. */
function BacklogStrip({
  board,
  highlightClientId,
  draggingId,
  onPointerDown,
  onOpen,
  onPlanByKeyboard,
}: BacklogStripProps) {
  const { t } = useTranslation();
  const { priorityColor, priorityLabel, hours } = useTicketFormat();
  return (
    <Paper withBorder radius="md" p="sm" data-testid="planning-backlog">
      <Group justify="space-between" mb={board.backlog.length ? 'xs' : 0} wrap="wrap" gap="xs">
        <Text fw={600} size="sm">
          {t('planning.backlog.title', { count: board.backlogTotal })}
        </Text>
        <Text size="xs" c="dimmed">
          {board.backlog.length === 0
            ? t('planning.backlog.empty')
            : board.canPlan
              ? t('planning.backlog.hint')
              : t('planning.backlog.readOnly')}
        </Text>
      </Group>
      {board.backlog.length > 0 && (
        <ScrollArea.Autosize mah={132} type="auto">
          <Group gap={6} wrap="wrap">
            {board.backlog.map((item) => {
              const color = priorityColor(item.priority);
              const highlighted = highlightClientId !== null && item.clientId === highlightClientId;
              return (
                <UnstyledButton
                  key={item.id}
                  data-testid="backlog-item"
                  data-number={item.number}
                  onPointerDown={(event) => onPointerDown(event, item)}
                  onClick={item.canPlan ? undefined : () => onOpen(item.id)}
                  onKeyDown={(event) => {
                    // A pointer drags; a keyboard plans through the dialog.
                    if (item.canPlan && (event.key === 'Enter' || event.key === ' ')) {
                      event.preventDefault();
                      onPlanByKeyboard(item);
                    }
                  }}
                  title={`${priorityLabel(item.priority)}${item.clientName ? ` · ${item.clientName}` : ''}`}
                  style={{
                    width: 230,
                    padding: '4px 8px',
                    borderRadius: 6,
                    border: '1px solid var(--mantine-color-default-border)',
                    borderLeft: `4px solid var(--mantine-color-${color}-filled)`,
                    outline: highlighted ? `2px solid var(--mantine-color-${color}-filled)` : undefined,
                    opacity: draggingId === item.id ? 0.4 : highlightClientId && !highlighted ? 0.45 : 1,
                    cursor: item.canPlan ? 'grab' : 'pointer',
                    touchAction: item.canPlan ? 'none' : undefined,
                    background: 'var(--mantine-color-body)',
                  }}
                >
                  <Text size="xs" fw={600} truncate>
                    #{item.number} {item.title}
                  </Text>
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Text size="xs" c="dimmed" truncate>
                      {item.clientName ?? t('planning.internal')}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                      {item.estimateHours !== null ? hours(item.estimateHours) : '—'}
                    </Text>
                  </Group>
                </UnstyledButton>
              );
            })}
          </Group>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}
