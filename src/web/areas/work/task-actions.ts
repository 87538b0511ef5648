// Claiming and releasing a task, shared by the task list and the task page: a 409 means someone
// else holds the task, which the clerk is told in plain words before the page refreshes.
import { ElMessage } from 'element-plus';
import { api, ApiError, errorMessage } from '../../api/client';

export async function changeHold(
  key: string,
  action: 'claim' | 'release',
  t: (key: string) => string,
): Promise<boolean> {
  try {
    await api.post(`/tasks/${encodeURIComponent(key)}/${action}`);
    ElMessage.success(t(action === 'claim' ? 'work.tasks.claimed' : 'work.tasks.released'));
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) ElMessage.warning(t('work.tasks.heldByOther'));
    else ElMessage.error(errorMessage(error));
    return false;
  }
}
