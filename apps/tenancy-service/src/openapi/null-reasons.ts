import { ApiPropertyOptional } from '@nestjs/swagger';

/*
 * Why a personal value reads as null, as every reader lists it on the item that holds it
 * (docs/personal-data.md, docs/tamper-evidence.md): one wording for each, whatever the item.
 */

/** `erased`: the fields whose person or company was erased. */
export const ErasedFields = (example = 'email') => ApiPropertyOptional({
  type: [String], example: [example], description: 'Personal fields that were erased (they read as null); absent when none was',
});

/** `unreadable`: the fields whose stored box fails authentication, changed since it was written. */
export const UnreadableFields = (example = 'email') => ApiPropertyOptional({
  type: [String], example: [example],
  description: 'Personal fields whose stored value fails authentication, changed since it was written (they read as null; docs/tamper-evidence.md); absent when none does',
});
