//! Lembaga endpoints.

use super::client::EmisClient;
use super::endpoints;
use super::send::Call;
use crate::error::Result;
use crate::model::Lembaga;
use crate::model::tolerant::{self, ShapeWarning};

impl EmisClient {
    /// Lembaga by statistic number. Fields of another shape than expected become warnings
    /// (the address as one string, a capitalised status...).
    pub async fn lembaga_info_tolerant(&self, statistic_num: &str) -> Result<(Lembaga, Vec<ShapeWarning>)> {
        let (v, _) = self
            .get::<serde_json::Value>(
                Call::new(&endpoints::LEMBAGA_INFO).query(vec![("statistic_num", statistic_num.to_string())]),
            )
            .await?;
        tolerant::decode::<Lembaga>(v, &["statistic_num"]).map_err(|e| crate::error::Error::Decode {
            path: format!("results.{}", e.path),
            message: e.message,
        })
    }

    /// Lembaga by statistic number (warnings dropped).
    pub async fn lembaga_info(&self, statistic_num: &str) -> Result<Lembaga> {
        Ok(self.lembaga_info_tolerant(statistic_num).await?.0)
    }

    /// Lembaga profile tables (free-form; the public profile endpoint).
    pub async fn lembaga_profile(&self, institution_id: &str, academic_year_id: i64) -> Result<serde_json::Value> {
        let q = vec![
            ("forProfile", "1".to_string()),
            ("institution_id", institution_id.to_string()),
            ("academic_year_id", academic_year_id.to_string()),
        ];
        Ok(self.get(Call::new(&endpoints::LEMBAGA_PROFILE).query(q)).await?.0)
    }
}
