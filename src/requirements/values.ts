import { FieldValue, joinList } from '../metadata/components.js';
import { ExpectationContext, Rule } from './table.js';

/**
 * The value a rule asks the generator to write, or undefined when the rule writes nothing for this context
 * (an unset optional value, an empty list, or an element that must stay absent).
 */
export function valueToWrite(rule: Rule, context: ExpectationContext): FieldValue | undefined {
  switch (rule.kind) {
    case 'equals':
      return rule.value;
    case 'equalsContext':
    case 'listsContextLine':
      return context[rule.key];
    case 'includesAll':
      return joinList(rule.values);
    case 'includesContext':
      return context[rule.key].length > 0 ? joinList(context[rule.key]) : undefined;
    case 'email':
      return context.contactEmail;
    case 'absent':
      return undefined;
  }
}

/** How a rule reads in a report's "expected" column. */
export function describeExpected(rule: Rule, context: ExpectationContext): string | undefined {
  switch (rule.kind) {
    case 'equals':
      return String(rule.value);
    case 'equalsContext':
    case 'listsContextLine': {
      const value = context[rule.key];
      return value === undefined ? undefined : String(value);
    }
    case 'includesAll':
      return `includes ${rule.values
        .map((value) => [value, ...(rule.synonyms?.[value] ?? [])].join(' or '))
        .join(', ')}`;
    case 'includesContext':
      return context[rule.key].length > 0 ? `includes ${context[rule.key].join(', ')}` : undefined;
    case 'email':
      return 'a valid email address';
    case 'absent':
      return '(not set)';
  }
}
