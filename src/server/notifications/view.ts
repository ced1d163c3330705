import type { notificationHistory } from './history';
import type { presentPreferences } from './preferences';

/** What the notifications page gets from the API (and the server page renders first). */
export type PreferencesView = ReturnType<typeof presentPreferences>;
export type HistoryEntry = Awaited<ReturnType<typeof notificationHistory>>[number];
