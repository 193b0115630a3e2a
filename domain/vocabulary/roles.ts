/**
 * Who can act. One list: API keys and console sessions carry a key role; history entries also
 * name the two roles no key can have (system timers, a member of the public on the portal).
 */

/** Roles an API key (or a console session acting as one) can have. */
export const KEY_ROLES = ['window', 'department', 'agent', 'supervisor', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/** Console officers have one more role than keys: a department head acts as `department` for its department. */
export const OFFICER_ROLES = ['window', 'department', 'department_head', 'agent', 'supervisor', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** Every actor's role: a key role, `system` for timers, `public` for the portal (网上投诉); never a key's role. */
export const ROLES = [...KEY_ROLES, 'system', 'public'] as const;
export type Role = (typeof ROLES)[number];
