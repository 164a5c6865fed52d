// The new password twice, checked for length and for matching: shared by the settings page and
// the forced change after an administrator's reset.
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export function NewPasswordFields({ testIds }: { testIds?: { next: string; confirm: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="newPassword" label={t('settings.newPassword')} rules={[{ required: true, message: t('community.required') }, { min: 10, message: t('settings.passwordTooShort') }]}>
        <Input.Password autoComplete="new-password" data-testid={testIds?.next} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('settings.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('community.required') },
          ({ getFieldValue }) => ({
            validator: (_r, value: string) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('settings.passwordMismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={testIds?.confirm} />
      </Form.Item>
    </>
  );
}
