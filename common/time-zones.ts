/** True for IANA zone names this runtime knows (Europe/Moscow, Asia/Novosibirsk, UTC…). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
