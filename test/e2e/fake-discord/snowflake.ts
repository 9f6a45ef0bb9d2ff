/** Discord-shaped ids: 64-bit snowflakes (time since the Discord epoch << 22 | counter), 18–19 digits. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

export function snowflake(at: number = Date.now()): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | counter).toString();
}
