// How people name time zones out loud, for the phrase "<clock> <name>": "2 PM Eastern",
// "2 PM UK time". North American zones use the bare region name, as Americans say it; every other
// name ends in "time". Zones not listed fall back to Intl's English generic name (see spoken.ts).

const group = (name: string, zones: readonly string[]): Array<[string, string]> => zones.map((z) => [z, name])

export const SPOKEN_ZONE_NAMES: ReadonlyMap<string, string> = new Map<string, string>([
  ...group('Eastern', ['America/New_York', 'US/Eastern', 'EST5EDT', 'America/Detroit', 'America/Toronto', 'America/Montreal',
    'America/Indiana/Indianapolis', 'America/Indianapolis', 'America/Kentucky/Louisville', 'America/Louisville', 'America/Nassau']),
  ...group('Central', ['America/Chicago', 'US/Central', 'CST6CDT', 'America/Winnipeg', 'America/Indiana/Knox', 'America/Menominee']),
  ...group('Mountain', ['America/Denver', 'US/Mountain', 'MST7MDT', 'America/Edmonton', 'America/Boise', 'America/Phoenix', 'US/Arizona']),
  ...group('Pacific', ['America/Los_Angeles', 'US/Pacific', 'PST8PDT', 'America/Vancouver', 'America/Tijuana']),
  ...group('Alaska time', ['America/Anchorage', 'US/Alaska', 'America/Juneau', 'America/Nome', 'America/Sitka']),
  ...group('Hawaii time', ['Pacific/Honolulu', 'US/Hawaii']),
  ...group('Atlantic', ['America/Halifax', 'America/Puerto_Rico', 'Atlantic/Bermuda']),
  ...group('Newfoundland time', ['America/St_Johns']),
  ...group('UK time', ['Europe/London', 'Europe/Belfast', 'GB']),
  ...group('Irish time', ['Europe/Dublin']),
  ...group('Portugal time', ['Europe/Lisbon']),
  ...group('Central European time', ['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam',
    'Europe/Brussels', 'Europe/Vienna', 'Europe/Zurich', 'Europe/Stockholm', 'Europe/Oslo', 'Europe/Copenhagen',
    'Europe/Warsaw', 'Europe/Prague', 'Europe/Budapest', 'Europe/Luxembourg', 'Europe/Belgrade', 'Europe/Zagreb', 'CET']),
  ...group('Eastern European time', ['Europe/Athens', 'Europe/Helsinki', 'Europe/Bucharest', 'Europe/Sofia', 'Europe/Kyiv',
    'Europe/Kiev', 'Europe/Riga', 'Europe/Tallinn', 'Europe/Vilnius', 'EET']),
  ...group('Moscow time', ['Europe/Moscow']),
  ...group('Turkey time', ['Europe/Istanbul']),
  ...group('India time', ['Asia/Kolkata', 'Asia/Calcutta']),
  ...group('Japan time', ['Asia/Tokyo']),
  ...group('Korea time', ['Asia/Seoul']),
  ...group('China time', ['Asia/Shanghai']),
  ...group('Hong Kong time', ['Asia/Hong_Kong']),
  ...group('Singapore time', ['Asia/Singapore']),
  ...group('Gulf time', ['Asia/Dubai']),
  ...group('Sydney time', ['Australia/Sydney', 'Australia/NSW', 'Australia/ACT', 'Australia/Canberra']),
  ...group('Melbourne time', ['Australia/Melbourne']),
  ...group('Brisbane time', ['Australia/Brisbane']),
  ...group('Perth time', ['Australia/Perth']),
  ...group('Adelaide time', ['Australia/Adelaide']),
  ...group('New Zealand time', ['Pacific/Auckland', 'NZ']),
  ...group('Lord Howe Island time', ['Australia/Lord_Howe']),
  ...group('Chatham Islands time', ['Pacific/Chatham']),
  ...group('UTC', ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu', 'Universal', 'Zulu']),
])

/** "Europe/Isle_of_Man" -> "Isle of Man time": the last path segment as spoken words. */
export function cityZoneName(zone: string): string {
  const city = zone.split('/').pop() ?? zone
  return `${city.replace(/_/g, ' ')} time`
}
