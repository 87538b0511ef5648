// A refused change shown where it belongs: each field's message of a 400 beside its field, the
// rest (a 404, a conflict without a field, a network failure) above the form.
import { reactive } from 'vue';
import { ApiError, errorMessage } from '../../api/client';

export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({});

  function clear(): void {
    for (const field of Object.keys(errors)) Reflect.deleteProperty(errors, field);
  }

  /**
   * Puts the messages of `fields` beside them; `conflictField` takes a 409's message (a taken
   * username or code). Answers what has no field of its own, or '' when everything found a place.
   */
  function take(error: unknown, fields: readonly string[], conflictField?: string): string {
    clear();
    if (!(error instanceof ApiError)) return errorMessage(error);
    if (error.status === 409 && conflictField !== undefined) {
      errors[conflictField] = error.message;
      return '';
    }
    const unplaced: string[] = [];
    for (const item of error.problem.errors ?? []) {
      if (fields.includes(item.field)) errors[item.field] = item.message;
      else unplaced.push(item.message);
    }
    if (error.problem.errors === undefined || error.problem.errors.length === 0) return error.message;
    return unplaced.length > 0 ? `${error.message}：${unplaced.join('；')}` : '';
  }

  return { errors, clear, take };
}
