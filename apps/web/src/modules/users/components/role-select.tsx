import { Select, type SelectProps, Stack, Text } from '@mantine/core';
import { type Role, roleDescriptions, roleLabels, roles } from '@rapport/contracts';

const roleOptions = roles.map((role) => ({ value: role, label: roleLabels[role] }));

type RoleSelectProps = Omit<SelectProps<Role>, 'data' | 'onChange' | 'renderOption'> & {
  onChange: (role: Role) => void;
};

/** A role picker whose options explain what each role may do. */
export function RoleSelect({ onChange, ...props }: RoleSelectProps) {
  return (
    <Select<Role>
      data={roleOptions}
      allowDeselect={false}
      onChange={(value) => {
        if (value) onChange(value);
      }}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {option.label}
          </Text>
          <Text size="xs" c="dimmed">
            {roleDescriptions[option.value]}
          </Text>
        </Stack>
      )}
      {...props}
    />
  );
}
