// The planning module's public surface (DESIGN.md capability 6): the dispatcher's board.
export { planningRoutes } from './routes.ts';
export { getPlanningBoard, type PlanningQuery } from './service.ts';
export { boardDays, plannedMinutesByDay } from './board.ts';
