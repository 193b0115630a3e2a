/*
 * The task side of a green channel granted after intake (see workflows/project/green-channel.ts):
 * the promised limit becomes the item's green-channel limit when that is shorter (plus an approved
 * extension, which stays granted), the task row moves up the queue, and the alarms re-derive — a
 * shorter promise may turn the light at once. The statutory limit never changes.
 */
import { setHandler } from '@temporalio/workflow';
import { unitLabel } from '../../domain/clock';
import { isConcludedTask } from '../../domain/vocabulary/statuses';
import * as clock from './clock';
import { greenChannelSignal } from './contracts';
import type { TaskContext } from './extension';


export function registerGreenChannelHandler(ctx: Pick<TaskContext, 'state' | 'book' | 'subject' | 'record'>): void {
  const { state, book } = ctx;
  setHandler(greenChannelSignal, async ({ greenChannelDays, reason, actor }) => {
    if (isConcludedTask(state.status) || book.greenChannel) return;
    const before = clock.dueDateOf(book.promised);
    clock.grantGreenChannel(book, greenChannelDays);
    const after = clock.dueDateOf(book.promised);
    await ctx.record(
      'task.green_channel_granted',
      actor,
      {
        reason,
        promisedDays: book.promisedDays,
        promisedDueDateBefore: before,
        promisedDueDate: after,
        message:
          `${ctx.subject}经县效能办批准走绿色通道（${reason}），优先办理` +
          (before !== after ? `，承诺时限改为${book.promisedDays}${unitLabel(book.unit)}，承诺办结日期由${before ?? '（暂停中）'}提前至${after ?? '（暂停中）'}` : ''),
      },
      { greenChannel: true },
    );
  });
}
