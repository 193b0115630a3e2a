/** The system's vocabulary: statuses, roles and event payloads, declared once (issue #15). */
export * from './statuses';
export * from './roles';
export * from './events';
export type { JsonSchema, ObjectSchema, TypeOf } from './schema';
