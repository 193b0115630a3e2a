/**
 * Failure messages and stack traces are encrypted too (issue #16): a failure's message can carry
 * what an applicant typed (a validation message quoting a field, a database error quoting a value),
 * and Temporal stores failures — activity failures, failed updates and workflows, failed workflow
 * tasks — in its history in clear text unless told otherwise. With `encodeCommonAttributes` the
 * message and stack trace move into one payload that the payload codec seals like any other
 * (lib/temporal/codec.ts); Temporal, its UI and CLI show "Encoded failure" instead. Loaded by path
 * (`failureConverterPath`, lib/temporal/data-converter.ts) so the workflow sandbox, the worker and
 * every client use the same one. Failures recorded before this decode as before (no encoded
 * attributes: the message is read as is).
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
