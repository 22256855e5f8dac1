import { ApiProperty } from '@nestjs/swagger';

/** An erasure recorded on the user's stream; the rest happens in the background (docs/personal-data.md). */
export class ErasureAccepted {
  @ApiProperty() userId: string;
  @ApiProperty({ format: 'date-time', description: 'When the erasure was recorded' }) acceptedAt: string;
}
