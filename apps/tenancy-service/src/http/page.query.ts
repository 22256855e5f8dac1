import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { WholeNumberQuery } from '../validation/whole-number';

/** Cursor paging, the same on every list. */
export class PageQuery {
  @IsOptional() @WholeNumberQuery(1, 200, 50)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString()
  cursor?: string;
}
