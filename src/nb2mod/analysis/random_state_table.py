"""nb2mod's table of the scikit-learn and imbalanced-learn callables that take ``random_state``.

The fallback when the installed library cannot be asked (nb2mod/signatures.py asks it): every
public callable of scikit-learn 1.9.1 and imbalanced-learn 0.14.2 whose signature has a
``random_state`` parameter, by last name, as ``python tests/random_state_table.py sklearn`` (and
``imblearn``) printed them; tests/test_random_state_table.py compares it with the installed
scikit-learn both ways. Taking ``random_state`` is not drawing at random (``LogisticRegression``
with its default solver does not): the callables that draw without one are
``randomness._SKLEARN_RANDOM``, which NB103 reports.
"""

from __future__ import annotations

SKLEARN_VERSION = "1.9.1"
IMBLEARN_VERSION = "0.14.2"
TABLE_SOURCE = (
    f"nb2mod's table (scikit-learn {SKLEARN_VERSION}, imbalanced-learn {IMBLEARN_VERSION})"
)

SKLEARN_TAKES_RANDOM_STATE = frozenset(
    (
        "AdaBoostClassifier AdaBoostRegressor AffinityPropagation BaggingClassifier "
        "BaggingRegressor BaseDecisionTree BaseShuffleSplit BayesianGaussianMixture BernoulliRBM "
        "BisectingKMeans ClassifierChain DecisionTreeClassifier DecisionTreeRegressor "
        "DictionaryLearning DummyClassifier ElasticNet ElasticNetCV EllipticEnvelope "
        "ExtraTreeClassifier ExtraTreeRegressor ExtraTreesClassifier ExtraTreesRegressor "
        "FactorAnalysis FastICA GaussianMixture GaussianProcessClassifier GaussianProcessRegressor "
        "GaussianRandomProjection GradientBoostingClassifier GradientBoostingRegressor GroupKFold "
        "GroupShuffleSplit HalvingGridSearchCV HalvingRandomSearchCV HistGradientBoostingClassifier "
        "HistGradientBoostingRegressor IsolationForest IterativeImputer KBinsDiscretizer KFold "
        "KMeans KernelPCA Lars Lasso LassoCV LassoLars LatentDirichletAllocation LinearSVC "
        "LinearSVR LocallyLinearEmbedding LogisticRegression LogisticRegressionCV MDS MLPClassifier "
        "MLPRegressor MinCovDet MiniBatchDictionaryLearning MiniBatchKMeans MiniBatchNMF "
        "MiniBatchSparsePCA MultiTaskElasticNet MultiTaskElasticNetCV MultiTaskLasso "
        "MultiTaskLassoCV NMF NeighborhoodComponentsAnalysis NuSVC Nystroem OutputCodeClassifier "
        "PCA ParameterSampler PartialDependenceDisplay PassiveAggressiveClassifier "
        "PassiveAggressiveRegressor PatchExtractor Perceptron PolynomialCountSketch "
        "QuantileTransformer RANSACRegressor RBFSampler RandomForestClassifier "
        "RandomForestRegressor RandomTreesEmbedding RandomizedSearchCV RegressorChain RepeatedKFold "
        "RepeatedStratifiedKFold Ridge RidgeClassifier SGDClassifier SGDOneClassSVM SGDRegressor "
        "SVC ShuffleSplit SkewedChi2Sampler SparsePCA SparseRandomProjection SpectralBiclustering "
        "SpectralClustering SpectralCoclustering SpectralEmbedding StratifiedGroupKFold "
        "StratifiedKFold StratifiedShuffleSplit TSNE TargetEncoder TheilSenRegressor TruncatedSVD "
        "TunedThresholdClassifierCV affinity_propagation check_cv dict_learning "
        "dict_learning_online estimate_bandwidth extract_patches_2d fast_mcd fastica "
        "fetch_20newsgroups fetch_covtype fetch_kddcup99 fetch_olivetti_faces fetch_rcv1 k_means "
        "kmeans_plusplus learning_curve load_files locally_linear_embedding make_biclusters "
        "make_blobs make_checkerboard make_circles make_classification make_friedman1 "
        "make_friedman2 make_friedman3 make_gaussian_quantiles make_hastie_10_2 "
        "make_low_rank_matrix make_moons make_multilabel_classification make_regression "
        "make_s_curve make_sparse_coded_signal make_sparse_spd_matrix make_sparse_uncorrelated "
        "make_spd_matrix make_swiss_roll mutual_info_classif mutual_info_regression "
        "non_negative_factorization permutation_importance permutation_test_score "
        "quantile_transform randomized_svd resample ridge_regression sample_without_replacement "
        "shuffle silhouette_score smacof spectral_clustering spectral_embedding train_test_split"
    ).split()
)
IMBLEARN_TAKES_RANDOM_STATE = frozenset(
    (
        "ADASYN BalancedBaggingClassifier BalancedBatchGenerator BalancedRandomForestClassifier "
        "BorderlineSMOTE ClusterCentroids CondensedNearestNeighbour EasyEnsembleClassifier "
        "InstanceHardnessThreshold KMeansSMOTE OneSidedSelection RUSBoostClassifier "
        "RandomOverSampler RandomUnderSampler SMOTE SMOTEENN SMOTEN SMOTENC SMOTETomek SVMSMOTE "
        "balanced_batch_generator fetch_datasets make_imbalance"
    ).split()
)
