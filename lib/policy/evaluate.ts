/**
 * Evaluation of one request against one IAM resource policy (a bucket policy or a
 * VPC endpoint policy), as AWS documents it: an explicit Deny wins, then an
 * explicit Allow, else the request is implicitly denied. Rules ask questions such
 * as "is s3:GetObject on this object allowed through this endpoint?" by
 * simulating the request, never by matching strings in the document.
 *
 * Supported: Statement as object or array; Principal and NotPrincipal ("*",
 * AWS account ids, ARNs and wildcards); Action/NotAction and Resource/NotResource
 * with * and ? wildcards; every condition operator of the string, ARN, numeric,
 * date, Bool, Null and IP families, with IfExists and the ForAnyValue /
 * ForAllValues set qualifiers.
 *
 * The request context holds what AWS puts in every signed request of the caller
 * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID when known) and the
 * keys the rule sets, and the keys AWS sets or leaves out by itself (`networkKeys`). A
 * condition on any other key cannot be known to the auditor (aws:SourceIp of a request that
 * does not go through an endpoint, aws:PrincipalTag/…): when the decision depends on it, evaluation
 * stops with a PolicyError naming the key, so a rule reports NOT_AVAILABLE instead
 * of guessing. Likewise an unknown operator or a policy variable (${…}).
 *
 * Longer than 400 lines: IAM's evaluation logic (elements, operators, the keys of a request)
 * is one unit whose parts only call each other.
 */
import { contains, parseCidr } from '../ip/cidr.js';
import { parseJsonText } from '../util/json.js';
import { escapeRegExp, matchesWildcard } from './wildcard.js';

export type Decision = 'allowed' | 'explicitly denied' | 'implicitly denied';

export interface PolicyRequest {
  action: string;
  resource: string;
  /** The calling principal's ARN, or undefined for an anonymous request. */
  principalArn?: string;
  principalAccount?: string;
  /** The caller's organization, when the configuration names it (aws:PrincipalOrgID). */
  principalOrgId?: string;
  /**
   * Request context keys (case-insensitive names), such as aws:SourceVpce. A key
   * listed with the value undefined is known to be absent from the request; a key
   * not listed at all is unknown to the auditor.
   */
  context: Record<string, string | string[] | boolean | undefined>;
}

export interface Verdict {
  decision: Decision;
  /** The statements that decided it, by Sid or index. */
  statements: string[];
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

type Json = unknown;
interface Statement {
  label: string;
  effect: 'Allow' | 'Deny';
  raw: Record<string, Json>;
}

function asList(value: Json): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Parses a policy document; the error says what is wrong with it. */
export function parsePolicy(text: string): Statement[] {
  const document = parseJsonText(
    text,
    (reason) => new PolicyError(`the policy is not valid JSON (${reason})`),
  ) as Json;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new PolicyError('the policy is not a JSON object');
  }
  const statements = asList((document as Record<string, Json>).Statement);
  if (statements.length === 0) throw new PolicyError('the policy has no Statement');
  return statements.map((statement, index) => {
    if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) {
      throw new PolicyError(`Statement[${index}] is not an object`);
    }
    const raw = statement as Record<string, Json>;
    if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny')
      throw new PolicyError(`Statement[${index}].Effect must be Allow or Deny`);
    return {
      label: typeof raw.Sid === 'string' && raw.Sid !== '' ? raw.Sid : `Statement[${index}]`,
      effect: raw.Effect,
      raw,
    };
  });
}

function rejectVariables(pattern: string): void {
  const variable = /\$\{([^}]*)\}/.exec(pattern);
  if (variable)
    throw new PolicyError(
      `the policy variable \${${variable[1]}} in ${pattern} cannot be known to the auditor`,
    );
}

/** Compiled patterns: a policy is asked thousands of questions, its patterns compile once. */
const compiled = new Map<string, RegExp>();

function compile(key: string, source: () => string, flags: string): RegExp {
  let expression = compiled.get(key);
  if (expression === undefined) {
    expression = new RegExp(source(), flags);
    // Bounded: patterns come from policies, and an audit of 10,000 buckets must not grow it without end.
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, expression);
  }
  return expression;
}

/** Plain wildcard matching, as for actions and StringLike: * and ? match any characters. */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  rejectVariables(pattern);
  return matchesWildcard(pattern, value, ignoreCase);
}

/**
 * ARN matching as IAM does it: component by component, a wildcard never crossing a
 * colon, except a * that ends a segment, which IAM lets expand across the colons
 * that follow (IAM JSON policy elements: Resource, "Using wildcards in resource ARNs").
 */
export function arnMatches(pattern: string, arn: string): boolean {
  rejectVariables(pattern);
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === arn;
  return compile(
    `a:${pattern}`,
    () =>
      `^${pattern
        .split(':')
        .map((segment) =>
          escapeRegExp(segment)
            .replace(/\*$/, '\u0000')
            .replace(/\*/g, '[^:]*')
            .replace(/\?/g, '[^:]')
            .replace('\u0000', '.*'),
        )
        .join(':')}$`,
    's',
  ).test(arn);
}

function matchesAction(statement: Statement, action: string): boolean {
  const listed = (key: string) =>
    asList(statement.raw[key]).some((a) => typeof a === 'string' && wildcard(a, action, true));
  if (statement.raw.Action !== undefined) return listed('Action');
  if (statement.raw.NotAction !== undefined) return !listed('NotAction');
  throw new PolicyError(`${statement.label} has neither Action nor NotAction`);
}

function matchesResource(statement: Statement, resource: string): boolean {
  const listed = (key: string) =>
    asList(statement.raw[key]).some((r) => typeof r === 'string' && arnMatches(r, resource));
  if (statement.raw.Resource !== undefined) return listed('Resource');
  if (statement.raw.NotResource !== undefined) return !listed('NotResource');
  // Endpoint policies may omit Resource; it then means every resource.
  return true;
}

/**
 * Whether a Principal (or NotPrincipal) element names the caller. In Principal an
 * account id or account root ARN stands for every principal of that account; in
 * NotPrincipal it exempts exactly the account principal, not the account's roles
 * (IAM JSON policy elements: NotPrincipal).
 */
function principalListed(value: Json, request: PolicyRequest, mode: 'Principal' | 'NotPrincipal'): boolean {
  if (value === '*') return true;
  if (value === null || typeof value !== 'object') return false;
  const aws = asList((value as Record<string, Json>).AWS);
  return aws.some((entry) => {
    if (typeof entry !== 'string') return false;
    if (entry === '*') return true;
    if (request.principalArn === undefined) return false;
    const account = /^\d{12}$/.test(entry) ? entry : /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry)?.[1];
    if (account !== undefined) {
      return mode === 'Principal'
        ? request.principalAccount === account
        : /^arn:[^:]+:iam::(\d{12}):root$/.exec(request.principalArn)?.[1] === account;
    }
    return arnMatches(entry, request.principalArn);
  });
}

function matchesPrincipal(statement: Statement): (request: PolicyRequest) => boolean {
  return (request) => {
    if (statement.raw.Principal !== undefined)
      return principalListed(statement.raw.Principal, request, 'Principal');
    if (statement.raw.NotPrincipal !== undefined)
      return !principalListed(statement.raw.NotPrincipal, request, 'NotPrincipal');
    // Endpoint policies may omit Principal; it then means every principal.
    return true;
  };
}

class UnknowableKey extends PolicyError {
  constructor(readonly key: string) {
    super(`the policy has a condition on ${key}, which the auditor cannot know`);
  }
}

/** The keys AWS puts in every signed request of the caller, as far as the auditor knows them. */
function principalKeys(request: PolicyRequest): Record<string, string | undefined> {
  if (request.principalArn === undefined)
    return {
      'aws:principalarn': undefined,
      'aws:principalaccount': undefined,
      'aws:principalorgid': undefined,
    };
  return {
    'aws:principalarn': request.principalArn,
    'aws:principalaccount': request.principalAccount,
    ...(request.principalOrgId === undefined ? {} : { 'aws:principalorgid': request.principalOrgId }),
  };
}

/**
 * Keys AWS itself sets or leaves out (IAM global condition context keys): a request through
 * a VPC endpoint carries no aws:SourceIp (AWS puts aws:VpcSourceIp instead, whose value the
 * auditor does not know); a request from outside any endpoint carries no aws:VpcSourceIp; a
 * caller's own signed request (every simulated one) carries aws:ViaAWSService false. Whether
 * the request goes through an endpoint is known only when the rule says so (aws:SourceVpce
 * given, set or absent).
 */
function networkKeys(request: PolicyRequest): Record<string, string[] | undefined> {
  const keys: Record<string, string[] | undefined> = { 'aws:viaawsservice': ['false'] };
  const endpoint = Object.entries(request.context).find(([name]) => name.toLowerCase() === 'aws:sourcevpce');
  if (endpoint === undefined) return keys;
  if (endpoint[1] === undefined) keys['aws:vpcsourceip'] = undefined;
  else keys['aws:sourceip'] = undefined;
  return keys;
}

/** The key's values; undefined when the request has no such key; throws when the auditor cannot know it. */
function contextValue(request: PolicyRequest, key: string): string[] | undefined {
  const name = key.toLowerCase();
  const given = Object.entries(request.context).find(([candidate]) => candidate.toLowerCase() === name);
  if (given !== undefined) return given[1] === undefined ? undefined : asList(given[1]).map(String);
  const principal = principalKeys(request);
  if (name in principal) return principal[name] === undefined ? undefined : [String(principal[name])];
  const network = networkKeys(request);
  if (name in network) return network[name];
  throw new UnknowableKey(key);
}

type Comparison = (actual: string, expected: string) => boolean;

const number = (text: string) => Number(text);
const date = (text: string) => (/^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text));

const COMPARISONS: Record<string, Comparison> = {
  StringEquals: (a, e) => a === e,
  StringEqualsIgnoreCase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  StringLike: (a, e) => wildcard(e, a, false),
  ArnEquals: (a, e) => arnMatches(e, a),
  ArnLike: (a, e) => arnMatches(e, a),
  NumericEquals: (a, e) => number(a) === number(e),
  NumericLessThan: (a, e) => number(a) < number(e),
  NumericLessThanEquals: (a, e) => number(a) <= number(e),
  NumericGreaterThan: (a, e) => number(a) > number(e),
  NumericGreaterThanEquals: (a, e) => number(a) >= number(e),
  DateEquals: (a, e) => date(a) === date(e),
  DateLessThan: (a, e) => date(a) < date(e),
  DateLessThanEquals: (a, e) => date(a) <= date(e),
  DateGreaterThan: (a, e) => date(a) > date(e),
  DateGreaterThanEquals: (a, e) => date(a) >= date(e),
  Bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
  IpAddress: (a, e) => {
    const block = parseCidr(e.includes('/') ? e : `${e}/${e.includes(':') ? 128 : 32}`);
    const address = parseCidr(a.includes('/') ? a : `${a}/${a.includes(':') ? 128 : 32}`);
    return block.ok && address.ok && contains(block.cidr, address.cidr);
  },
};

const NEGATIONS: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};

function conditionHolds(
  operatorText: string,
  key: string,
  expectedValue: Json,
  request: PolicyRequest,
): boolean {
  let operator = operatorText;
  let qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
  const qualified = /^(ForAnyValue|ForAllValues):(.+)$/.exec(operator);
  if (qualified) {
    qualifier = qualified[1] as 'ForAnyValue' | 'ForAllValues';
    operator = qualified[2] as string;
  }
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);
  const expected = asList(expectedValue).map(String);
  for (const value of expected) rejectVariables(value);
  const negated = NEGATIONS[operator];
  const comparison = COMPARISONS[negated ?? operator];
  if (operator !== 'Null' && comparison === undefined)
    throw new PolicyError(`condition operator ${operatorText} is not supported`);
  const actual = contextValue(request, key);

  if (operator === 'Null' || comparison === undefined) {
    const wantsAbsent = expected.some((value) => value.toLowerCase() === 'true');
    return wantsAbsent ? actual === undefined : actual !== undefined;
  }
  const single = (value: string) => {
    const any = expected.some((e) => comparison(value, e));
    return negated ? !any : any;
  };
  if (actual === undefined) {
    if (ifExists) return true;
    if (qualifier === 'ForAllValues') return true;
    if (qualifier === 'ForAnyValue') return false;
    // A missing key matches no value: a negated operator therefore holds.
    return negated !== undefined;
  }
  if (qualifier === 'ForAllValues') return actual.every(single);
  if (qualifier === 'ForAnyValue') return actual.some(single);
  return negated ? actual.every(single) : actual.some(single);
}

/**
 * Every condition of the statement must hold. A condition on a key the auditor
 * cannot know decides nothing by itself: if another condition is false the
 * statement does not apply anyway; otherwise the decision depends on that key.
 */
function conditionsHold(statement: Statement, request: PolicyRequest): boolean {
  const block = statement.raw.Condition;
  if (block === undefined) return true;
  if (block === null || typeof block !== 'object')
    throw new PolicyError(`${statement.label}.Condition is not an object`);
  let unknowable: UnknowableKey | undefined;
  for (const [operator, keys] of Object.entries(block as Record<string, Json>)) {
    if (keys === null || typeof keys !== 'object')
      throw new PolicyError(`${statement.label}.Condition.${operator} is not an object`);
    for (const [key, value] of Object.entries(keys as Record<string, Json>)) {
      try {
        if (!conditionHolds(operator, key, value, request)) return false;
      } catch (error) {
        if (!(error instanceof UnknowableKey)) throw error;
        unknowable ??= error;
      }
    }
  }
  if (unknowable !== undefined)
    throw new PolicyError(
      `${statement.label} has a condition on ${unknowable.key}, which the auditor cannot know`,
    );
  return true;
}

function applies(statement: Statement, request: PolicyRequest): boolean {
  return (
    matchesAction(statement, request.action) &&
    matchesResource(statement, request.resource) &&
    matchesPrincipal(statement)(request) &&
    conditionsHold(statement, request)
  );
}

/** The decision of one policy for one request. Throws PolicyError for what it cannot evaluate. */
export function evaluatePolicy(statements: readonly Statement[], request: PolicyRequest): Verdict {
  const matching = statements.filter((statement) => applies(statement, request));
  const denies = matching.filter((statement) => statement.effect === 'Deny');
  if (denies.length > 0) return { decision: 'explicitly denied', statements: denies.map((s) => s.label) };
  const allows = matching.filter((statement) => statement.effect === 'Allow');
  if (allows.length > 0) return { decision: 'allowed', statements: allows.map((s) => s.label) };
  return { decision: 'implicitly denied', statements: [] };
}

/** AWS's default endpoint policy: full access. Rules judge only policies that differ from it. */
export function isFullAccessPolicy(text: string | undefined): boolean {
  if (text === undefined) return true;
  try {
    const statements = parsePolicy(text);
    return statements.every(
      (s) =>
        s.effect === 'Allow' &&
        (s.raw.Principal === undefined || s.raw.Principal === '*' || principalIsStar(s.raw.Principal)) &&
        asList(s.raw.Action).includes('*') &&
        (s.raw.Resource === undefined || asList(s.raw.Resource).includes('*')) &&
        s.raw.Condition === undefined,
    );
  } catch (error) {
    // A policy that does not parse is not the default one; a bug is not an answer.
    if (error instanceof PolicyError) return false;
    throw error;
  }
}

function principalIsStar(principal: Json): boolean {
  return (
    principal !== null &&
    typeof principal === 'object' &&
    asList((principal as Record<string, Json>).AWS).includes('*')
  );
}

export type { Statement as PolicyStatement };
