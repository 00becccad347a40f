//! Cluster settings that decide some verdicts. They are explicit, never guessed: what is not given
//! is not judged (except the NodePort range, whose default every cluster ships with).

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use super::net::{Cidr, Family};

/// The oldest and newest Kubernetes minor versions whose Service rules svcctl knows.
pub const OLDEST_MINOR: u32 = 30;
pub const NEWEST_MINOR: u32 = 36;

/// Why a cluster setting could not be read, in words that follow the flag or key it came from.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SettingError {
    #[error("Kubernetes version {0} is not supported; svcctl knows 1.{oldest} to 1.{newest}", oldest = OLDEST_MINOR, newest = NEWEST_MINOR)]
    UnsupportedVersion(String),
    #[error("`{0}` is not a Kubernetes version such as 1.36")]
    NotAVersion(String),
    #[error("`{0}` is not a port range such as 30000-32767")]
    NotAPortRange(String),
    #[error("`{0}` is not a CIDR such as 10.96.0.0/12")]
    NotACidr(String),
    #[error("give one service CIDR, or two (one per IP family)")]
    CidrCount,
    #[error("`{0}` is not an IP family (IPv4 or IPv6)")]
    NotAFamily(String),
    #[error("give IPv4, IPv6, IPv4,IPv6 or IPv6,IPv4")]
    FamilyCombination,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KubeVersion {
    pub minor: u32,
}

impl Default for KubeVersion {
    fn default() -> Self {
        KubeVersion {
            minor: NEWEST_MINOR,
        }
    }
}

impl FromStr for KubeVersion {
    type Err = SettingError;
    fn from_str(s: &str) -> Result<Self, SettingError> {
        let t = s.trim().trim_start_matches('v');
        let mut parts = t.split('.');
        let major = parts.next().and_then(|p| p.parse::<u32>().ok());
        let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
        match (major, minor) {
            (Some(1), Some(minor)) if (OLDEST_MINOR..=NEWEST_MINOR).contains(&minor) => {
                Ok(KubeVersion { minor })
            }
            (Some(1), Some(_)) => Err(SettingError::UnsupportedVersion(s.to_string())),
            _ => Err(SettingError::NotAVersion(s.to_string())),
        }
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRange {
    pub first: i64,
    pub last: i64,
}

impl Default for PortRange {
    fn default() -> Self {
        PortRange {
            first: 30000,
            last: 32767,
        }
    }
}

/// The allocator's refusal of a node port another Service (or port) holds.
pub const ALREADY_ALLOCATED: &str = "provided port is already allocated";

impl PortRange {
    pub fn contains(&self, port: i64) -> bool {
        (self.first..=self.last).contains(&port)
    }

    /// The allocator's refusal of a node port outside the range, in its words; `None` inside it.
    /// Lint and `svcctl new` both say this, so they cannot drift apart.
    pub fn refusal(&self, port: i64) -> Option<String> {
        (!self.contains(port)).then(|| {
            format!("provided port is not in the valid range. The range of valid ports is {self}")
        })
    }
}

impl FromStr for PortRange {
    type Err = SettingError;
    fn from_str(s: &str) -> Result<Self, SettingError> {
        // The API server accepts `30000-32767` and `30000+767`.
        let parsed = if let Some((a, b)) = s.split_once('-') {
            a.trim()
                .parse::<u16>()
                .ok()
                .zip(b.trim().parse::<u16>().ok())
        } else if let Some((a, n)) = s.split_once('+') {
            a.trim()
                .parse::<u16>()
                .ok()
                .zip(n.trim().parse::<u16>().ok())
                .and_then(|(a, n)| a.checked_add(n).map(|b| (a, b)))
        } else {
            None
        };
        match parsed {
            Some((first, last)) if first >= 1 && first <= last => Ok(PortRange {
                first: i64::from(first),
                last: i64::from(last),
            }),
            _ => Err(SettingError::NotAPortRange(s.to_string())),
        }
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.first, self.last)
    }
}

pub fn parse_cidrs(s: &str) -> Result<Vec<Cidr>, SettingError> {
    let cidrs: Vec<Cidr> = s
        .split(',')
        .map(|c| Cidr::parse(c.trim()).ok_or_else(|| SettingError::NotACidr(c.trim().into())))
        .collect::<Result<_, _>>()?;
    if cidrs.is_empty() || cidrs.len() > 2 {
        return Err(SettingError::CidrCount);
    }
    Ok(cidrs)
}

pub fn parse_families(s: &str) -> Result<Vec<Family>, SettingError> {
    let families: Vec<Family> = s
        .split(',')
        .map(|f| Family::parse(f.trim()).ok_or_else(|| SettingError::NotAFamily(f.trim().into())))
        .collect::<Result<_, _>>()?;
    if families.is_empty()
        || families.len() > 2
        || (families.len() == 2 && families[0] == families[1])
    {
        return Err(SettingError::FamilyCombination);
    }
    Ok(families)
}

#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub node_port_range: PortRange,
    /// When present, requested cluster IPs must lie inside.
    pub service_cidrs: Option<Vec<Cidr>>,
    /// When present, the IP families the cluster serves, primary first.
    pub ip_families: Option<Vec<Family>>,
    pub kube_version: KubeVersion,
    /// Whether `kube_version` was given (by a flag or the config file) rather than left at the
    /// newest: then the summary line names it, as the verdicts were judged for it.
    pub kube_version_given: bool,
}

impl Settings {
    /// `StrictIPCIDRValidation` is on by default from 1.36.
    pub fn strict_ips(&self) -> bool {
        self.kube_version.minor >= 36
    }

    /// `RelaxedServiceNameValidation` is on by default from 1.36.
    pub fn relaxed_service_names(&self) -> bool {
        self.kube_version.minor >= 36
    }

    /// `PreferSameZone`/`PreferSameNode` are accepted from 1.34.
    pub fn prefer_same_traffic_distribution(&self) -> bool {
        self.kube_version.minor >= 34
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both ends of the range are inside it; what lies beyond gets the allocator's sentence.
    #[test]
    fn refusal_is_the_allocators_sentence_outside_the_range_only() {
        let range = PortRange {
            first: 30000,
            last: 32767,
        };
        assert_eq!(range.refusal(30000), None);
        assert_eq!(range.refusal(32767), None);
        assert_eq!(
            range.refusal(32768).as_deref(),
            Some(
                "provided port is not in the valid range. The range of valid ports is 30000-32767"
            )
        );
        assert!(range.refusal(29999).is_some());
    }
}
