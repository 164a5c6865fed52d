// antd theme tokens: a calm government-service look, and the elder mode's large, high-contrast variant.
import type { ThemeConfig } from 'antd';

const base: ThemeConfig = {
  token: {
    colorPrimary: '#1d4f91',
    colorInfo: '#1d4f91',
    colorSuccess: '#2e7d32',
    colorWarning: '#b26a00',
    colorError: '#c62828',
    colorBgLayout: '#f3f5f8',
    colorPrimaryBg: '#e8f0fb',
    colorPrimaryBgHover: '#d6e4f7',
    colorInfoBg: '#eef4fc',
    colorInfoBorder: '#c5d7f0',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#1d4f91', headerColor: '#ffffff', headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff' },
    Menu: { itemBorderRadius: 6, itemSelectedBg: '#e8f0fb', itemSelectedColor: '#1d4f91' },
  },
};

/** Large text (20px), larger controls, black-on-white text, no pale greys. */
const elder: ThemeConfig = {
  token: {
    ...base.token,
    colorPrimary: '#003a8c',
    colorInfo: '#003a8c',
    colorSuccess: '#135200',
    colorWarning: '#873800',
    colorError: '#a8071a',
    colorText: '#000000',
    colorTextSecondary: '#141414',
    colorTextTertiary: '#262626',
    colorTextQuaternary: '#333333',
    colorTextDescription: '#1f1f1f',
    colorTextPlaceholder: '#434343',
    colorTextDisabled: '#434343',
    colorBorder: '#434343',
    colorBorderSecondary: '#8c8c8c',
    colorBgLayout: '#ffffff',
    colorPrimaryBg: '#dbe7fb',
    colorInfoBg: '#e6efff',
    colorInfoBorder: '#003a8c',
    colorSplit: '#8c8c8c',
    fontSize: 20,
    fontSizeSM: 18,
    fontSizeLG: 22,
    fontSizeHeading1: 34,
    fontSizeHeading2: 30,
    fontSizeHeading3: 26,
    fontSizeHeading4: 24,
    fontSizeHeading5: 22,
    lineHeight: 1.6,
    controlHeight: 48,
    controlHeightLG: 56,
    controlHeightSM: 38,
    borderRadius: 8,
    lineWidth: 2,
    lineWidthFocus: 4,
  },
  components: {
    Layout: { headerBg: '#002766', headerColor: '#ffffff', headerHeight: 68, headerPadding: '0 12px', siderBg: '#ffffff' },
    Menu: { itemHeight: 60, itemBorderRadius: 8, itemSelectedBg: '#003a8c', itemSelectedColor: '#ffffff' },
    Button: { fontWeight: 600, primaryShadow: 'none' },
    Table: { cellPaddingBlock: 16 },
    Tag: { defaultColor: '#000000' },
    Segmented: { itemSelectedBg: '#003a8c', itemSelectedColor: '#ffffff', itemColor: '#000000', trackBg: '#e6e6e6' },
  },
};

export function themeFor(elderMode: boolean): ThemeConfig {
  return elderMode ? elder : base;
}
