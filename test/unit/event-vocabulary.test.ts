/**
 * The typed event map (domain/vocabulary/events.ts) and the contract's `Event` union must say the
 * same thing: producers are type-checked against the map, clients are generated from the contract.
 * The drift check compares them type by type and field by field; the probes below change one side
 * only and show that it notices.
 */
import { compileSchema, openApiDocument, type JsonObject } from '../../api/http/openapi-document';
import { EVENT_PAYLOADS, EVENT_TYPES, type EventType } from '../../domain/vocabulary';
import { eventBlockIsCurrent, eventSchemaName, payloadSchemaName } from '../../scripts/gen-event-schemas';

type Schemas = Record<string, JsonObject>;
type PayloadMap = Record<string, { schema: object }>;

const contractSchemas = (): Schemas => structuredClone((openApiDocument().components as JsonObject).schemas as Schemas);
const vocabulary = (): PayloadMap => structuredClone(EVENT_PAYLOADS) as unknown as PayloadMap;
const refName = (r: unknown) => String((r as { $ref?: string }).$ref).split('/').pop();
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every difference between the contract's event schemas and the map, in words. */
function drift(contract: Schemas, map: PayloadMap): string[] {
  const types = Object.keys(map) as EventType[];
  const problems: string[] = [];
  const published = (contract.EventType?.enum ?? []) as string[];
  if (!sameJson(published, types)) problems.push(`EventType 枚举 ${published.length} 种，事件表 ${types.length} 种`);
  const union = ((contract.Event?.oneOf ?? []) as unknown[]).map(refName);
  if (!sameJson(union, types.map(eventSchemaName))) problems.push('Event 的 oneOf 与事件表不一致');
  for (const type of types) {
    const event = contract[eventSchemaName(type)];
    const typeConst = (event?.properties as Record<string, { const?: string }> | undefined)?.type?.const;
    if (typeConst !== type) problems.push(`${type}: 契约中没有以它区分的 Event 分支`);
    const payload = contract[payloadSchemaName(type)];
    if (!payload) {
      problems.push(`${type}: 契约中没有内容结构`);
      continue;
    }
    const { description: _d, ...shape } = payload;
    if (!sameJson(shape, map[type].schema)) problems.push(`${type}: 内容结构不一致`);
  }
  for (const name of Object.keys(contract).filter((n) => n.endsWith('EventPayload'))) {
    if (!types.some((t) => payloadSchemaName(t) === name)) problems.push(`${name}: 事件表中没有对应的类型`);
  }
  return problems;
}

const properties = (s: object) => (s as { properties: Record<string, unknown> }).properties;

describe('event vocabulary and contract', () => {
  it('when the contract and the typed event map are compared, then they agree on every type and payload field', () => {
    expect(drift(contractSchemas(), vocabulary())).toEqual([]);
  });

  it('when the generated event block of openapi.yaml is compared with a fresh rendering, then it is current', () => {
    expect(eventBlockIsCurrent()).toBe(true);
  });

  it('when a payload field is added to the map only, then the drift check names that event type', () => {
    const map = vocabulary();
    properties(map['task.accepted'].schema).acceptedBy = { type: 'string' };
    expect(drift(contractSchemas(), map)).toEqual(['task.accepted: 内容结构不一致']);
  });

  it('when the contract drops a payload field only, then the drift check names that event type', () => {
    const contract = contractSchemas();
    delete properties(contract[payloadSchemaName('task.statutory_breached')]).workingDaysOver;
    expect(drift(contract, vocabulary())).toEqual(['task.statutory_breached: 内容结构不一致']);
  });

  it('when a field changes type on one side only, then the drift check names that event type', () => {
    const map = vocabulary();
    properties(map['complaint.escalated'].schema).workingDaysOver = { type: 'string' };
    expect(drift(contractSchemas(), map)).toEqual(['complaint.escalated: 内容结构不一致']);
  });

  it('when an event type exists in the map only, then the enum, the union and the payload are reported missing', () => {
    const map = vocabulary();
    map['task.archived'] = { schema: { type: 'object', properties: {}, additionalProperties: false } };
    expect(drift(contractSchemas(), map)).toEqual([
      `EventType 枚举 ${EVENT_TYPES.length} 种，事件表 ${EVENT_TYPES.length + 1} 种`,
      'Event 的 oneOf 与事件表不一致',
      'task.archived: 契约中没有以它区分的 Event 分支',
      'task.archived: 契约中没有内容结构',
    ]);
  });

  describe('the discriminated Event schema', () => {
    const validate = compileSchema({ $ref: '#/components/schemas/Event' });
    const breach = {
      id: 'e-1',
      cursor: '0.1',
      type: 'task.statutory_breached',
      occurredAt: '2026-10-23T00:00:00+08:00',
      projectId: 'XM-1',
      taskId: 'XM-1.ZJJ-01',
      departmentId: 'ZJJ',
      agentId: null,
      servicePointId: null,
      actor: null,
      payload: { status: 'accepted', version: 3, departmentId: 'ZJJ', statutoryDueDate: '2026-10-22', dueAt: 1792857600000, statutoryDays: 20, workingDaysOver: 0 },
    };

    it('when an event carries its type’s payload, then it is valid', () => {
      expect(validate(structuredClone(breach))).toBe(true);
    });

    it('when a payload has a field its type does not declare, or lacks a required one, then it is invalid', () => {
      expect(validate({ ...breach, payload: { ...breach.payload, extra: 1 } })).toBe(false);
      const { workingDaysOver: _w, ...without } = breach.payload;
      expect(validate({ ...breach, payload: without })).toBe(false);
    });

    it('when the type is changed to one whose payload differs, then the same payload is invalid', () => {
      expect(validate({ ...breach, type: 'task.accepted' })).toBe(false);
    });

    it('when the envelope has a field it does not declare, then it is invalid', () => {
      expect(validate({ ...breach, extra: true })).toBe(false);
    });

    describe('nested payloads (decision, delegation, suspension, extension) are typed, not open objects', () => {
      const clerk = { role: 'department', keyId: 'key-zjj', name: '县住房和城乡建设局', departmentId: 'ZJJ' };
      const decided = {
        ...breach,
        type: 'task.decided',
        payload: {
          status: 'decided',
          version: 4,
          decision: { decision: 'approved', reasons: [], permitNumber: '建字第2026-001号', conditions: [], decidedAt: 1792857600000, decidedBy: clerk },
        },
      };
      const withDecision = (decision: object) => ({ ...decided, payload: { ...decided.payload, decision } });

      it('when a decision carries the recorded fields, then it is valid', () => {
        expect(validate(structuredClone(decided))).toBe(true);
      });

      it('when a decision has an undeclared field, an unknown outcome or an actor without its key, then it is invalid', () => {
        expect(validate(withDecision({ ...decided.payload.decision, signedBy: '局长' }))).toBe(false);
        expect(validate(withDecision({ ...decided.payload.decision, decision: 'maybe' }))).toBe(false);
        const { keyId: _k, ...noKey } = clerk;
        expect(validate(withDecision({ ...decided.payload.decision, decidedBy: noKey }))).toBe(false);
      });

      it('when a supplement notice’s suspension lacks its start date, then it is invalid', () => {
        const requested = {
          ...breach,
          type: 'task.supplement_requested',
          payload: {
            status: 'supplement_requested',
            version: 2,
            noticeId: 'n-1',
            items: [{ material: '施工图审查合格书', reason: '未提交' }],
            violation: false,
            suspension: { kind: 'correction', from: '2026-10-20', to: null, reason: '一次性告知补正材料', id: 'n-1' },
          },
        };
        expect(validate(structuredClone(requested))).toBe(true);
        const { from: _f, ...noStart } = requested.payload.suspension;
        expect(validate({ ...requested, payload: { ...requested.payload, suspension: noStart } })).toBe(false);
      });

      it('when a delegation or an extension request carries a field of the wrong type, then it is invalid', () => {
        const delegation = { delegateId: 'o-2', delegateName: '李四', until: '2026-10-30', reason: '出差', assignedBy: clerk, assignedAt: 1792857600000 };
        const reassigned = { ...breach, type: 'task.reassigned', payload: { status: 'accepted', version: 3, delegation } };
        expect(validate(structuredClone(reassigned))).toBe(true);
        expect(validate({ ...reassigned, payload: { ...reassigned.payload, delegation: { ...delegation, until: 1792857600000 } } })).toBe(false);
        const extension = {
          id: 'x-1', status: 'requested', days: 10, maxDays: 10, reason: '需专家论证', legalBasis: '行政许可法第四十二条',
          requestedAt: 1792857600000, requestedBy: clerk, statutoryDueDateBefore: '2026-10-22', promisedDueDateBefore: null,
        };
        const requested = { ...breach, type: 'task.deadline_extension_requested', payload: { status: 'accepted', version: 3, extension, message: '申请延期' } };
        expect(validate(structuredClone(requested))).toBe(true);
        expect(validate({ ...requested, payload: { ...requested.payload, extension: { ...extension, status: 'pending' } } })).toBe(false);
      });
    });
  });

  it('when the map is listed, then it holds every event type once', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });
});
