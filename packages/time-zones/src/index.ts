export { luxonTimeZoneCalendar } from './luxon-time-zone-calendar';
