//! GTK endpoints: the partner list (observed) and the batch write (extended profile only).

use super::client::EmisClient;
use super::endpoints;
use super::send::Call;
use super::types::{Change, ItemResult, Page};
use crate::error::Result;
use crate::model::Gtk;
use crate::model::tolerant::{self, ShapeWarning};

impl EmisClient {
    /// One page of GTK (rows of another shape than expected become warnings).
    pub async fn gtk_page(&self, statistic_num: &str, page: u64, per_page: u64) -> Result<Page<Gtk>> {
        let q = vec![
            ("statistic_num", statistic_num.to_string()),
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ];
        let (v, meta) = self
            .get::<serde_json::Value>(Call::new(&endpoints::GTK_LIST).query(q))
            .await?;
        let rows = super::santri::rows_of(v)?;
        let (items, warnings) = tolerant::decode_rows::<Gtk>(rows, tolerant::GTK_STRICT, "results").map_err(|e| {
            crate::error::Error::Decode {
                path: e.path,
                message: e.message,
            }
        })?;
        Ok(Page { items, meta, warnings })
    }

    /// Every GTK, with the shape warnings of every page.
    pub async fn gtk_all_tolerant(&self, statistic_num: &str, per_page: u64) -> Result<(Vec<Gtk>, Vec<ShapeWarning>)> {
        let sn = statistic_num.to_string();
        self.collect_pages(per_page, move |c, p, n| {
            let sn = sn.clone();
            Box::pin(async move { c.gtk_page(&sn, p, n).await })
        })
        .await
    }

    /// Every GTK.
    pub async fn gtk_all(&self, statistic_num: &str, per_page: u64) -> Result<Vec<Gtk>> {
        Ok(self.gtk_all_tolerant(statistic_num, per_page).await?.0)
    }

    /// Submits GTK changes (extended profile only).
    pub async fn submit_gtk_batch(&self, changes: &[Change], idempotency_key: &str) -> Result<Vec<ItemResult>> {
        self.submit(&endpoints::GTK_BATCH, changes, idempotency_key).await
    }
}
