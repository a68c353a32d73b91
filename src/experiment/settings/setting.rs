//! What the table says of each setting besides its definition — its panel group, CLI commands,
//! link and condition roles, and how it reads and writes `Config` — and the macro that builds it.

use super::{Refused, Spec};
use crate::experiment::config::Config;

/// CLI commands whose flags a setting is (a bit set).
pub const CMD_GROW: u8 = 1;
pub const CMD_EXPORT: u8 = 2;
pub const CMD_TRAIN: u8 = 4;
pub const CMD_TASK: u8 = 8;

/// Where a setting sits in the config panel (in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Task,
    Reservoir,
    Training,
    Development,
    Seeds,
    Plasticity,
    /// Not a panel field (rules, genes and the CPU switch have their own controls).
    Elsewhere,
}

impl Group {
    pub const PANEL: [Group; 6] = [
        Group::Task,
        Group::Reservoir,
        Group::Plasticity,
        Group::Training,
        Group::Development,
        Group::Seeds,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Task => "Task and data",
            Group::Reservoir => "Recurrent layer",
            Group::Training => "Training",
            Group::Development => "Development",
            Group::Seeds => "Seeds",
            Group::Plasticity => "Experience (plasticity)",
            Group::Elsewhere => "",
        }
    }
}

pub type Get = fn(&Config) -> String;
pub type Put = fn(&mut Config, &str) -> Result<(), Refused>;

/// One setting: its definition and how it reads and writes a `Config`.
pub struct Setting {
    pub spec: Spec,
    pub group: Group,
    /// In every link, or only where it differs from the default.
    pub always_in_link: bool,
    /// CLI commands that take it as a flag (`CMD_GROW | CMD_TRAIN …`).
    pub commands: u8,
    /// Part of a condition's identity (the seeds and the CPU switch are not).
    pub condition: bool,
    /// The value as text: what a link, the JSON settings, a label and the panel show.
    pub get: Get,
    /// Sets the value from text, refusing what the definition refuses, with the reason.
    pub put: Put,
    /// Whether it acts on a run of this configuration (the panel disables it otherwise, and a
    /// condition label shows `-`).
    pub acts: fn(&Config) -> bool,
}

fn always(_: &Config) -> bool {
    true
}

impl Setting {
    pub const fn new(spec: Spec, group: Group, commands: u8, get: Get, put: Put) -> Setting {
        Setting {
            spec,
            group,
            always_in_link: false,
            commands,
            condition: true,
            get,
            put,
            acts: always,
        }
    }

    pub const fn in_every_link(self) -> Setting {
        Setting {
            always_in_link: true,
            ..self
        }
    }

    pub const fn acting(self, acts: fn(&Config) -> bool) -> Setting {
        Setting { acts, ..self }
    }

    pub const fn not_condition(self) -> Setting {
        Setting {
            condition: false,
            ..self
        }
    }

    pub fn key(&self) -> &'static str {
        self.spec.key()
    }

    /// The setting's value in the default configuration.
    pub fn default_text(&self) -> String {
        (self.get)(&Config::default())
    }
}

/// The setting a link key or CLI flag names.
pub fn by_key(key: &str) -> Option<&'static Setting> {
    super::SETTINGS.iter().find(|s| s.key() == key)
}

/// The settings table from one list: each entry is a `Config` field with its type and doc, its
/// definition (`Num RHO { … }`, a constant of that name), its panel group and CLI commands, and
/// optionally its own text reader and writer (`via(get, put)`) and roles (`[in_every_link, …]`).
/// It makes the definitions, `Config` with its `Default`, and `SETTINGS`, in the list's order
/// (the order links are written and conditions labelled).
macro_rules! settings {
    (@get $field:ident, $ty:ty, $kind:ident, $name:ident) => {
        |c: &Config| <$ty as Field<$kind>>::show(&c.$field)
    };
    (@get $field:ident, $ty:ty, $kind:ident, $name:ident, $get:expr) => {
        $get
    };
    (@put $field:ident, $ty:ty, $kind:ident, $name:ident) => {
        |c: &mut Config, t: &str| {
            c.$field = <$ty as Field<$kind>>::read(&$name, t)?;
            Ok(())
        }
    };
    (@put $field:ident, $ty:ty, $kind:ident, $name:ident, $put:expr) => {
        $put
    };
    ($(
        $(#[$doc:meta])*
        $field:ident: $ty:ty = $kind:ident $name:ident { $($spec:tt)* }
        => $group:ident, $commands:expr $(, via($get:expr, $put:expr))? $(, [$($role:ident $(($arg:expr))?),*])?;
    )*) => {
        $(pub const $name: $kind = $kind { $($spec)* };)*

        /// Everything that decides a run, one field per setting. Stored and exchanged by link
        /// key (`settings_json`); every value read back passes the table's checks.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Config {
            $($(#[$doc])* pub $field: $ty,)*
        }

        impl Default for Config {
            fn default() -> Self {
                Config { $($field: <$ty as Initial<$kind>>::initial(&$name),)* }
            }
        }

        /// `Config` as versions before 0.2 stored it (by field name, missing fields at their
        /// defaults): read only to migrate, and checked as a typed setting after that.
        #[derive(serde::Deserialize, serde::Serialize)]
        #[serde(default)]
        pub(crate) struct FieldNamed {
            $(pub $field: $ty,)*
        }

        impl Default for FieldNamed {
            fn default() -> Self {
                FieldNamed { $($field: <$ty as Initial<$kind>>::initial(&$name),)* }
            }
        }

        impl From<FieldNamed> for Config {
            fn from(f: FieldNamed) -> Config {
                Config { $($field: f.$field,)* }
            }
        }

        impl From<&Config> for FieldNamed {
            fn from(c: &Config) -> FieldNamed {
                FieldNamed { $($field: c.$field.clone(),)* }
            }
        }

        /// (field name of the older stored form, link key) of every setting.
        pub(crate) const FIELD_KEYS: &[(&str, &str)] = &[$((stringify!($field), $name.key)),*];

        /// Every setting, in the order conditions are labelled and links are written.
        pub static SETTINGS: &[Setting] = &[$(
            Setting::new(
                Spec::$kind($name),
                Group::$group,
                $commands,
                settings!(@get $field, $ty, $kind, $name $(, $get)?),
                settings!(@put $field, $ty, $kind, $name $(, $put)?),
            )
            $($(.$role($($arg)?))*)?
        ),*];
    };
}
