import { Code, Modal, Select, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type BusinessHours,
  defaultBusinessHours,
  defaultHandoffMessage,
  type Inbox,
  type Weekday,
} from '@rapport/contracts';
import { useMemo, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { DialogForm } from '../../../ui/dialog-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useTeams } from '../../teams/teams.api.ts';
import { useCreateInbox, useUpdateInbox } from '../inboxes.api.ts';
import { BusinessHoursEditor, validateBusinessHours } from './business-hours-editor.tsx';

function supportedTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function fillHandoffPreview(template: string): string {
  return template.replaceAll('{customerName}', 'Maya').replaceAll('{ownerName}', 'Sam');
}

type InboxFormModalProps = {
  opened: boolean;
  /** The inbox to edit; null to create one. */
  inbox: Inbox | null;
  onClose: () => void;
};

export function InboxFormModal({ opened, inbox, onClose }: InboxFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={inbox ? `Edit ${inbox.name}` : 'New inbox'} size="xl">
      {opened ? <InboxForm key={inbox?.id ?? 'new'} inbox={inbox} onDone={onClose} /> : null}
    </Modal>
  );
}

function InboxForm({ inbox, onDone }: { inbox: Inbox | null; onDone: () => void }) {
  const me = useMe();
  const teams = useTeams();
  const create = useCreateInbox();
  const update = useUpdateInbox();
  const mutation = inbox ? update : create;

  const [name, setName] = useState(inbox?.name ?? '');
  const [teamId, setTeamId] = useState<string | null>(inbox?.teamId ?? null);
  const [timeZone, setTimeZone] = useState<string>(inbox?.timeZone ?? me.account.timeZone);
  const [businessHours, setBusinessHours] = useState<BusinessHours>(inbox?.businessHours ?? defaultBusinessHours);
  const [handoffTemplate, setHandoffTemplate] = useState(inbox?.handoffMessageTemplate ?? '');
  const { errors, setErrors, clear, textField } = useFieldErrors();
  const [hoursErrors, setHoursErrors] = useState<Partial<Record<Weekday, string>>>({});

  const timeZones = useMemo(() => {
    const zones = supportedTimeZones();
    // Keep the saved zone selectable even if this browser does not list it (e.g. "UTC" on some engines).
    return zones.includes(timeZone) ? zones : [timeZone, ...zones];
  }, [timeZone]);

  const teamOptions = (teams.data ?? [])
    .map((team) => ({ value: team.id, label: team.name }))
    .sort((a, b) => a.label.localeCompare(b.label));

  const submit = () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Give the inbox a name, e.g. Support or Billing questions';
    if (!timeZone) found.timeZone = 'Pick the time zone the business hours are in';
    const dayErrors = validateBusinessHours(businessHours);
    setErrors(found);
    setHoursErrors(dayErrors);
    if (Object.keys(found).length > 0 || Object.keys(dayErrors).length > 0) return;

    const body = {
      name: name.trim(),
      teamId,
      timeZone,
      businessHours,
      handoffMessageTemplate: handoffTemplate.trim() || null,
    };
    const options = {
      onSuccess: () => {
        notifications.show({ message: inbox ? 'Inbox saved.' : `Inbox “${body.name}” created.` });
        onDone();
      },
      onError: (error: Error) => setErrors(isApiError(error) ? error.fields : {}),
    };
    if (inbox) update.mutate({ id: inbox.id, ...body }, options);
    else create.mutate(body, options);
  };

  const hasFieldErrors = ['name', 'teamId', 'timeZone', 'handoffMessageTemplate'].some((field) => errors[field]);

  return (
    <DialogForm
      onSubmit={submit}
      error={hasFieldErrors ? null : mutation.error}
      submitLabel={inbox ? 'Save changes' : 'Create inbox'}
      loading={mutation.isPending}
      onCancel={onDone}
    >
      <TextInput label="Name" {...textField('name', name, setName)} maxLength={120} data-autofocus />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label="Team"
          description="The team that serves this inbox."
          placeholder={teams.isPending ? 'Loading teams…' : 'No team'}
          data={teamOptions}
          value={teamId}
          onChange={(value) => {
            setTeamId(value);
            clear('teamId');
          }}
          clearable
          searchable
          nothingFoundMessage={teams.data?.length === 0 ? 'No teams yet; create one under Teams' : 'No team matches'}
          error={errors.teamId}
        />
        <Select
          label="Time zone"
          description="Business hours are read in this zone."
          data={timeZones}
          value={timeZone}
          onChange={(value) => {
            setTimeZone(value ?? '');
            clear('timeZone');
          }}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No time zone matches"
          limit={100}
          error={errors.timeZone}
        />
      </SimpleGrid>
      <BusinessHoursEditor value={businessHours} onChange={setBusinessHours} errors={hoursErrors} />
      <Textarea
        label="Message when a handoff is accepted"
        description={
          <>
            Sent to the customer in their channel, so they know who has them now. <Code>{'{customerName}'}</Code> and{' '}
            <Code>{'{ownerName}'}</Code> are filled in. Leave empty to use Rapport’s wording.
          </>
        }
        placeholder={defaultHandoffMessage}
        autosize
        minRows={2}
        maxRows={6}
        maxLength={2000}
        {...textField('handoffMessageTemplate', handoffTemplate, setHandoffTemplate)}
      />
      {handoffTemplate.trim() ? (
        <Text size="xs" c="dimmed">
          Preview: {fillHandoffPreview(handoffTemplate.trim())}
        </Text>
      ) : null}
    </DialogForm>
  );
}
