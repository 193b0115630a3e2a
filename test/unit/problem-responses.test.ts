/**
 * Every refusal a handler can make is a documented response of its operation (issue #10).
 *
 * Derived from the code, not from a list: each route registration in api/routes (`r.post('/api/v1/…',
 * handler)`) is matched to its operation by method and path, and the handler's body is searched —
 * through the functions it calls, in its own file or exported from another module under api/ —
 * for `ProblemError.<factory>(…)`, `new ProblemError('<kind>', …)` and `temporalProblem(…)`. The
 * statuses those produce must each be a key of the operation's `responses`. The edge's own
 * refusals (contract validation, authentication, limits) are documented by the contract tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { operations } from '../../api/http/openapi-document';
import { PROBLEM_KINDS, type ProblemKind } from '../../api/http/problem';

const apiDir = path.join(__dirname, '..', '..', 'api');

/** Factory → kind, for the static constructors of ProblemError. */
const FACTORY_KIND: Record<string, ProblemKind> = {
  validation: 'validation',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  methodNotAllowed: 'method-not-allowed',
  conflict: 'conflict',
  preconditionFailed: 'precondition-failed',
  preconditionRequired: 'precondition-required',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  idempotencyMismatch: 'idempotency-mismatch',
  urlRefused: 'url-refused',
  unknownReference: 'unknown-reference',
  ruleViolated: 'rule-violated',
  rateLimited: 'rate-limited',
  unavailable: 'unavailable',
  internal: 'internal',
};

/**
 * temporalProblem maps a workflow's refusal: a missing workflow 404, a state conflict 409, a rule
 * of the workflow's own (invalid_input) 422 rule-violated, an unreachable engine 503. Its 412 (version_mismatch) only answers an update that
 * carries a version, and the handlers that send one check If-Match first (assertIfMatch, 412).
 */
const MAPPED: Record<string, number[]> = {
  temporalProblem: [404, 409, 422, 503],
  // engineProblem: the same for a workflow the request starts, where not-found is a 500 (no 404).
  engineProblem: [409, 422, 503],
};

/**
 * Statuses a handler's code path contains but cannot produce, each with the reason. Keep this short:
 * a refusal that can happen is documented instead.
 */
const UNREACHABLE: Record<string, Record<number, string>> = {
  // The creator reads back what it just created: the project carries the window's own service point.
  submitProject: { 404: 'loadProject after creation' },
  // The filer reads back its own complaint: visibleWhere matches the filing key or agent.
  fileComplaint: { 404: 'view after filing' },
  // Updates whose workflow handler has no invalid_input rule (workflows/*/workflow.ts), so temporalProblem's 422 cannot occur.
  acceptTask: { 422: 'task workflow: accept has no input rule' },
  submitMaterials: { 422: 'project workflow: materials have no input rule' },
  withdrawProject: { 422: 'project workflow: withdrawal has no input rule' },
  createSupervisionOrder: { 422: 'starts the order workflow; its start has no input rule' },
  // A signal (signalWithStart to the absence workflow) carries no workflow rule, so temporalProblem's 409 cannot occur.
  shortenOfficerAbsence: { 409: 'absence workflow: signals are never rejected' },
  // officerProblem maps every officer input error; checkPassword raises no conflict.
  changeOwnPassword: { 409: 'officerProblem conflict branch' },
};

type Fn = ts.FunctionLikeDeclaration | ts.ArrowFunction | ts.FunctionExpression;

interface Module {
  file: string;
  source: ts.SourceFile;
  /** Every named function in the file (top level or nested), by name. */
  functions: Map<string, Fn>;
}

function parse(file: string): Module {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const functions = new Map<string, Fn>();
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name) functions.set(node.name.text, node);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      functions.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, source, functions };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const modules = sourceFiles(apiDir).map(parse);
/** Functions other modules export, by name, for calls that cross a file (e.g. a shared loader). */
const exported = new Map<string, { module: Module; fn: Fn }>();
for (const m of modules) {
  for (const [name, fn] of m.functions) {
    const declaredAt = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent.parent;
    if (ts.canHaveModifiers(declaredAt) && ts.getModifiers(declaredAt)?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword)) exported.set(name, { module: m, fn });
  }
}

/** The statuses of every problem `node` can throw, following calls into named functions. */
function refusals(module: Module, node: ts.Node, seen = new Set<Fn>()): Set<number> {
  const statuses = new Set<number>();
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'ProblemError') {
        const kind = FACTORY_KIND[callee.name.text];
        if (kind) statuses.add(PROBLEM_KINDS[kind].status);
      }
      if (ts.isIdentifier(callee)) {
        // The workflow-error mappers are summarised (MAPPED) rather than read from their bodies.
        const mapped = MAPPED[callee.text];
        mapped?.forEach((s) => statuses.add(s));
        const local = module.functions.get(callee.text);
        const target = mapped ? undefined : local ? { module, fn: local } : exported.get(callee.text);
        if (process.env.AUDIT_DEBUG && target) process.stderr.write(`${path.basename(module.file)} → ${callee.text} (${path.basename(target.module.file)})\n`);
        if (target && !seen.has(target.fn)) {
          seen.add(target.fn);
          refusals(target.module, target.fn, seen).forEach((s) => statuses.add(s));
        }
      }
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'ProblemError') {
      const first = n.arguments?.[0];
      if (first && ts.isStringLiteral(first) && first.text in PROBLEM_KINDS) statuses.add(PROBLEM_KINDS[first.text as ProblemKind].status);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return statuses;
}

interface Route {
  operationId: string;
  where: string;
  statuses: number[];
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Route registrations `<router>.<method>('<path>', …handlers)` of a module, with what they can refuse. */
function routesOf(module: Module): Array<{ method: string; path: string; where: string; statuses: Set<number> }> {
  const found: Array<{ method: string; path: string; where: string; statuses: Set<number> }> = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && METHODS.has(n.expression.name.text)) {
      const [first, ...handlers] = n.arguments;
      if (first && ts.isStringLiteral(first) && first.text.startsWith('/api/')) {
        const statuses = new Set<number>();
        for (const h of handlers) refusals(module, h).forEach((s) => statuses.add(s));
        const line = module.source.getLineAndCharacterOfPosition(n.getStart()).line + 1;
        found.push({ method: n.expression.name.text, path: first.text, where: `${path.relative(apiDir, module.file)}:${line}`, statuses });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(module.source);
  return found;
}

function documentedRoutes(): Route[] {
  const ops = [...operations().values()];
  return modules.flatMap((m) =>
    routesOf(m).map((r) => {
      const template = r.path.replace(/:(\w+)/g, '{$1}');
      const op = ops.find((o) => o.method === r.method && o.path === template);
      if (!op) throw new Error(`${r.where}: ${r.method.toUpperCase()} ${r.path} is not an operation of the contract`);
      return { operationId: op.operationId, where: r.where, statuses: [...r.statuses].sort() };
    }),
  );
}

describe('refusals in the code are documented responses', () => {
  const routes = documentedRoutes();

  test('when the route modules are read, then every operation of the contract with a handler under api/routes is found', () => {
    // Operations answered by the edge or by a shared router (session, health, openapi) need not be here,
    // but the routes found must be most of the contract, or the matcher has stopped seeing them.
    expect(routes.length).toBeGreaterThanOrEqual(operations().size - 6);
  });

  test.each(routes.map((r) => [r.operationId, r.where, r] as const))('when %s (%s) can refuse a request, then each refusal status is documented', (_op, _where, route) => {
    const documented = Object.keys(operations().get(route.operationId)!.responses).map(Number);
    const unreachable = Object.keys(UNREACHABLE[route.operationId] ?? {}).map(Number);
    expect({ operation: route.operationId, undocumented: route.statuses.filter((s) => !documented.includes(s) && !unreachable.includes(s)) }).toEqual({ operation: route.operationId, undocumented: [] });
  });

  test('when a handler throws a problem its operation does not document, then the audit sees it', () => {
    const probe = ts.createSourceFile(
      'probe.ts',
      `function load() { throw ProblemError.conflict('already_exists', 'x'); }
       r.get('/api/v1/departments', async (req, res) => { load(); throw new ProblemError('rule-violated', 'y'); });`,
      ts.ScriptTarget.Latest,
      true,
    );
    const fake: Module = { file: path.join(apiDir, 'probe.ts'), source: probe, functions: new Map() };
    ts.forEachChild(probe, (n) => {
      if (ts.isFunctionDeclaration(n) && n.name) fake.functions.set(n.name.text, n);
    });
    const [route] = routesOf(fake);
    const documented = Object.keys(operations().get('listDepartments')!.responses).map(Number);
    expect([...route.statuses].filter((s) => !documented.includes(s)).sort()).toEqual([409, 422]);
  });
});
