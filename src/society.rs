//! Citizens as a struct of arrays: one vector per field, indexed by citizen
//! id. No behaviour lives here; the phases in [`crate::rules`] read and write
//! these arrays.

use rand_distr::Distribution;

use crate::params::Params;
use crate::rng::{self, Purpose};
use crate::scenario::ScenarioFile;

/// The state of every citizen.
#[derive(Debug, Clone)]
pub struct Society {
    /// Group index (order of `population.groups`); never changes.
    pub group: Vec<u8>,
    /// Employment status index (order of [`crate::scenario::model::Employment::NAMES`]).
    pub employment: Vec<u8>,
    /// P(a bill is paid on time).
    pub punctuality: Vec<f64>,
    /// P(a post is critical of the state).
    pub dissent: Vec<f64>,
    /// P(a purchase is domestic).
    pub patriotism: Vec<f64>,
    /// P(reporting a violation seen in a friend).
    pub vigilance: Vec<f64>,
    /// How strongly sanctions change behaviour.
    pub fear: Vec<f64>,
    /// Own credit history r_i, in [score.min, score.max].
    pub record: Vec<f64>,
    /// Displayed score s_i, in [score.min, score.max].
    pub score: Vec<f64>,
    /// Tier index (order of `tiers`) of the current score.
    pub tier: Vec<u8>,
    /// Degree at tick 0.
    pub initial_degree: Vec<u32>,
    /// Original node ids of a network read from an edge-list file (`None`
    /// for a generated network, whose labels are the ids: 8 bytes a
    /// citizen saved where memory bounds the society).
    pub labels: Option<Vec<u64>>,
    /// Sanctions received since tick 0.
    pub sanctions: Vec<u32>,
    /// Of those, sanctions from wrongly confirmed false reports.
    pub wrongful_sanctions: Vec<u32>,
    /// Reports filed (true and false) since tick 0.
    pub reports_made: Vec<u32>,
}

impl Society {
    /// The label of citizen `i`: its node id in the edge-list file, or `i`.
    pub fn label(&self, i: usize) -> u64 {
        self.labels.as_ref().map_or(i as u64, |l| l[i])
    }

    /// Number of citizens.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// Whether there are no citizens.
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// Draws `n` citizens for a scenario: group membership by exact quotas
    /// (largest remainder) in a seeded random order, then per citizen the
    /// employment status, the traits from the group's Beta distributions and
    /// the initial record from Normal(initial_mean, initial_sd), clamped.
    /// Scores equal records until the engine mixes in the friends.
    pub fn draw(file: &Params, n: usize) -> Society {
        let seed = file.seed;
        let group = assign_groups(file, n);
        let classes = file.employment.classes();
        let score = &file.score;
        struct Drawn {
            employment: u8,
            traits: [f64; 5],
            record: f64,
        }
        let laws = &file.group_laws;
        let normal = &file.initial_record;
        let drawn: Vec<Drawn> = rng::per_block(n, seed, 0, Purpose::Citizens, |rng, citizens| {
            citizens
                .map(|i| {
                    let law = &laws[group[i] as usize];
                    let u = rng::uniform(rng);
                    let mut acc = 0.0;
                    let mut employment = classes.len() - 1;
                    for (k, c) in classes.iter().enumerate() {
                        acc += c.share;
                        if u < acc {
                            employment = k;
                            break;
                        }
                    }
                    let traits = [
                        law.punctuality.sample(rng),
                        law.dissent.sample(rng),
                        law.patriotism.sample(rng),
                        law.vigilance.sample(rng),
                        law.fear.sample(rng),
                    ];
                    let record = normal.sample(rng).clamp(score.min, score.max);
                    Drawn {
                        employment: employment as u8,
                        traits,
                        record,
                    }
                })
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
        let column = |f: &dyn Fn(&Drawn) -> f64| drawn.iter().map(f).collect::<Vec<f64>>();
        Society {
            employment: drawn.iter().map(|d| d.employment).collect(),
            punctuality: column(&|d| d.traits[0]),
            dissent: column(&|d| d.traits[1]),
            patriotism: column(&|d| d.traits[2]),
            vigilance: column(&|d| d.traits[3]),
            fear: column(&|d| d.traits[4]),
            record: column(&|d| d.record),
            score: column(&|d| d.record),
            tier: vec![0; n],
            initial_degree: vec![0; n],
            labels: None,
            sanctions: vec![0; n],
            wrongful_sanctions: vec![0; n],
            reports_made: vec![0; n],
            group,
        }
    }
}

/// Group of each citizen: exact quotas by the largest-remainder method, so a
/// 5 % group of 10,000 has exactly 500 members, placed by a seeded shuffle.
fn assign_groups(file: &ScenarioFile, n: usize) -> Vec<u8> {
    let shares: Vec<f64> = file
        .population
        .groups
        .iter()
        .map(|(_, g)| g.share)
        .collect();
    let mut counts: Vec<usize> = shares
        .iter()
        .map(|s| (s * n as f64).floor() as usize)
        .collect();
    let mut left = n.saturating_sub(counts.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    // Largest remainder first; ties to the earlier group.
    order.sort_by(|&a, &b| {
        let ra = shares[a] * n as f64 - counts[a] as f64;
        let rb = shares[b] * n as f64 - counts[b] as f64;
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &g in order.iter().cycle() {
        if left == 0 {
            break;
        }
        counts[g] += 1;
        left -= 1;
    }
    let mut group: Vec<u8> = counts
        .iter()
        .enumerate()
        .flat_map(|(g, &c)| std::iter::repeat_n(g as u8, c))
        .collect();
    group.truncate(n);
    let mut rng = rng::stream(file.seed, 0, Purpose::Citizens, u64::MAX);
    for i in (1..group.len()).rev() {
        let j = rng::below(&mut rng, i as u64 + 1) as usize;
        group.swap(i, j);
    }
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_have_exact_quotas_and_traits_are_in_range() {
        let mut file = ScenarioFile::default();
        file.population.size = Some(1000);
        let s = Society::draw(&Params::new(file.clone()).unwrap(), 1000);
        let count = |g: u8| s.group.iter().filter(|&&x| x == g).count();
        assert_eq!((count(0), count(1), count(2)), (850, 100, 50));
        for v in [
            &s.punctuality,
            &s.dissent,
            &s.patriotism,
            &s.vigilance,
            &s.fear,
        ] {
            assert!(v.iter().all(|x| (0.0..=1.0).contains(x)));
        }
        assert!(s.record.iter().all(|r| (350.0..=950.0).contains(r)));
        // Dissidents dissent far more than conformists on average.
        let mean = |g: u8| {
            let v: Vec<f64> = (0..1000)
                .filter(|&i| s.group[i] == g)
                .map(|i| s.dissent[i])
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(mean(2) > 0.6 && mean(0) < 0.1);
    }
}
