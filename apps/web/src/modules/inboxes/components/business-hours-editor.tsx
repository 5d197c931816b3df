import { Fieldset, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { type BusinessHours, type Weekday, weekdays } from '@rapport/contracts';

export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const clockTime = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Errors per weekday for the one interval the editor shows; empty when the hours can be saved. */
export function validateBusinessHours(hours: BusinessHours): Partial<Record<Weekday, string>> {
  const errors: Partial<Record<Weekday, string>> = {};
  for (const day of weekdays) {
    const opening = hours[day][0];
    if (!opening) continue;
    if (!clockTime.test(opening.opens) || !clockTime.test(opening.closes)) {
      errors[day] = 'Use 24-hour HH:MM, e.g. 09:00';
    } else if (opening.opens >= opening.closes) {
      errors[day] = 'Closing time must be after opening time';
    }
  }
  return errors;
}

type BusinessHoursEditorProps = {
  value: BusinessHours;
  onChange: (value: BusinessHours) => void;
  errors: Partial<Record<Weekday, string>>;
};

/**
 * One opening interval per weekday. Days saved with several intervals (through the API) keep their
 * later intervals untouched; the editor changes only the first.
 */
export function BusinessHoursEditor({ value, onChange, errors }: BusinessHoursEditorProps) {
  const setDay = (day: Weekday, intervals: BusinessHours[Weekday]) => onChange({ ...value, [day]: intervals });

  return (
    <Fieldset legend="Business hours" variant="filled" radius="md">
      <Text size="sm" c="dimmed" mb="sm">
        In the inbox's time zone. Response-time quotes count only open hours.
      </Text>
      <Stack gap="xs">
        {weekdays.map((day) => {
          const [first, ...rest] = value[day];
          const name = weekdayNames[day];
          const errorId = `business-hours-${day}-error`;
          return (
            <Stack key={day} gap={2}>
              <Group gap="md" wrap="nowrap" mih={36}>
                <Switch
                  label={name}
                  w={140}
                  checked={first !== undefined}
                  onChange={(event) =>
                    setDay(day, event.currentTarget.checked ? [{ opens: '09:00', closes: '17:00' }, ...rest] : [])
                  }
                  aria-describedby={first ? undefined : `business-hours-${day}-closed`}
                />
                {first ? (
                  <Group gap="xs" wrap="nowrap">
                    <TextInput
                      aria-label={`${name} opens`}
                      value={first.opens}
                      onChange={(event) => setDay(day, [{ ...first, opens: event.currentTarget.value }, ...rest])}
                      placeholder="09:00"
                      maxLength={5}
                      inputMode="numeric"
                      w={76}
                      size="sm"
                      error={Boolean(errors[day])}
                      aria-describedby={errors[day] ? errorId : undefined}
                      styles={{ input: { textAlign: 'center', fontVariantNumeric: 'tabular-nums' } }}
                    />
                    <Text size="sm" c="dimmed" aria-hidden>
                      to
                    </Text>
                    <TextInput
                      aria-label={`${name} closes`}
                      value={first.closes}
                      onChange={(event) => setDay(day, [{ ...first, closes: event.currentTarget.value }, ...rest])}
                      placeholder="17:00"
                      maxLength={5}
                      inputMode="numeric"
                      w={76}
                      size="sm"
                      error={Boolean(errors[day])}
                      aria-describedby={errors[day] ? errorId : undefined}
                      styles={{ input: { textAlign: 'center', fontVariantNumeric: 'tabular-nums' } }}
                    />
                    {rest.length > 0 ? (
                      <Text size="xs" c="dimmed">
                        {rest.map((interval) => `${interval.opens}–${interval.closes}`).join(', ')}
                      </Text>
                    ) : null}
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed" id={`business-hours-${day}-closed`}>
                    Closed
                  </Text>
                )}
              </Group>
              {errors[day] ? (
                <Text size="xs" c="var(--mantine-color-error)" id={errorId} pl={156}>
                  {errors[day]}
                </Text>
              ) : null}
            </Stack>
          );
        })}
      </Stack>
    </Fieldset>
  );
}

/** A short human summary such as "Mon–Fri 09:00–17:00". */
export function summarizeBusinessHours(hours: BusinessHours): string {
  const labels = (day: Weekday) => weekdayNames[day].slice(0, 3);
  const describe = (day: Weekday) => hours[day].map((interval) => `${interval.opens}–${interval.closes}`).join(', ');
  const groups: { from: Weekday; to: Weekday; text: string }[] = [];
  for (const day of weekdays) {
    const text = describe(day);
    if (!text) continue;
    const last = groups.at(-1);
    const previous = weekdays[weekdays.indexOf(day) - 1];
    if (last && last.text === text && last.to === previous) last.to = day;
    else groups.push({ from: day, to: day, text });
  }
  if (groups.length === 0) return 'Closed every day';
  return groups
    .map(
      (group) =>
        `${group.from === group.to ? labels(group.from) : `${labels(group.from)}–${labels(group.to)}`} ${group.text}`,
    )
    .join('; ');
}
